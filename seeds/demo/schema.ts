import { Binary, Bool, Field, Float32, Int64, List, Null, Schema, Struct, Utf8, type DataType } from 'apache-arrow';

/** The six question / caption types of the release, in the order the release's `questions` struct uses. */
export const questionTypes = ['classification', 'domain', 'modality', 'stain', 'subdomain', 'submodality'] as const;
export type QuestionType = (typeof questionTypes)[number];

/** The release's 12 caption keys (`<type>_<template>`), in the order of its `captions` struct. */
export const captionKeys = questionTypes.flatMap((t) => [`${t}_0`, `${t}_1`] as const);

/** The release's 22 columns in release order (ubench-corpus.md §1.2). */
export const releaseColumns = [
  'image_id',
  'image',
  'label',
  'label_name',
  'dataset',
  'domain',
  'institution',
  'license',
  'microns_per_pixel',
  'modality',
  'ncbitaxon_id',
  'ncbitaxon_name',
  'pmid',
  'split',
  'stain',
  'subdomain',
  'submodality',
  'synthetic',
  'captions',
  'questions',
  'bbox',
  'polygon',
] as const;

const field = (name: string, type: DataType): Field => new Field(name, type, true);
const utf8 = () => new Utf8();
const stringList = () => new List(field('item', utf8()));
const floatListList = () => new List(field('item', new List(field('item', new Float32()))));

export const imageType = new Struct([field('bytes', new Binary()), field('path', utf8())]);

export const captionType = new Struct([
  field('id', utf8()),
  field('name', utf8()),
  field('question', utf8()),
  field('answer_idx', utf8()),
  field('options', stringList()),
  field('tags', new Null()),
]);

export const questionType = new Struct([
  field('question', utf8()),
  field('options', stringList()),
  field('answer', utf8()),
  field('answer_idx', new Int64()),
  field('id', utf8()),
  field('name', utf8()),
  field('tags', new Null()),
]);

export const captionsType = new Struct(captionKeys.map((k) => field(k, captionType)));
export const questionsType = new Struct(questionTypes.map((k) => field(k, questionType)));

const columnTypes: Record<(typeof releaseColumns)[number], DataType> = {
  image_id: utf8(),
  image: imageType,
  label: new Int64(),
  label_name: utf8(),
  dataset: utf8(),
  domain: utf8(),
  institution: utf8(),
  license: utf8(),
  microns_per_pixel: new Float32(),
  modality: utf8(),
  ncbitaxon_id: utf8(),
  ncbitaxon_name: utf8(),
  pmid: utf8(),
  split: utf8(),
  stain: utf8(),
  subdomain: utf8(),
  submodality: utf8(),
  synthetic: new Bool(),
  captions: captionsType,
  questions: questionsType,
  bbox: floatListList(),
  polygon: floatListList(),
};

type Feature = Record<string, unknown>;
const value = (dtype: string): Feature => ({ dtype, _type: 'Value' });
const sequence = (feature: Feature): Feature => ({ feature, _type: 'Sequence' });

const captionFeature = (): Feature => ({
  id: value('string'),
  name: value('string'),
  question: value('string'),
  answer_idx: value('string'),
  options: sequence(value('string')),
  tags: value('null'),
});

const questionFeature = (): Feature => ({
  question: value('string'),
  options: sequence(value('string')),
  answer: value('string'),
  answer_idx: value('int64'),
  id: value('string'),
  name: value('string'),
  tags: value('null'),
});

/** The Hugging Face `datasets` features of the release, as stored under the `huggingface` schema metadata key. */
export function releaseFeatures(labelNames: readonly string[]): Record<string, Feature> {
  const features: Record<string, Feature> = {};
  for (const name of releaseColumns) {
    switch (name) {
      case 'image':
        features[name] = { _type: 'Image' };
        break;
      case 'label':
        features[name] = { names: [...labelNames], _type: 'ClassLabel' };
        break;
      case 'microns_per_pixel':
        features[name] = value('float32');
        break;
      case 'synthetic':
        features[name] = value('bool');
        break;
      case 'captions':
        features[name] = Object.fromEntries(captionKeys.map((k) => [k, captionFeature()]));
        break;
      case 'questions':
        features[name] = Object.fromEntries(questionTypes.map((k) => [k, questionFeature()]));
        break;
      case 'bbox':
      case 'polygon':
        features[name] = sequence(sequence(value('float32')));
        break;
      default:
        features[name] = value('string');
    }
  }
  return features;
}

/** The release's Arrow schema (every field nullable, as pyarrow writes it) with the `huggingface` metadata. */
export function releaseSchema(labelNames: readonly string[]): Schema {
  const metadata = new Map([['huggingface', JSON.stringify({ info: { features: releaseFeatures(labelNames) } })]]);
  return new Schema(
    releaseColumns.map((name) => field(name, columnTypes[name])),
    metadata,
  );
}
