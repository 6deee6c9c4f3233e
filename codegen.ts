import type { CodegenConfig } from '@graphql-codegen/cli';

/** GraphQL enum `FOO_BAR` ↔ database value `foo_bar`: the generated TS types carry the database values. */
const lowerCased = (values: string[]) => Object.fromEntries(values.map((v) => [v, v.toLowerCase()]));

const config: CodegenConfig = {
  schema: 'schema/**/*.graphql',
  generates: {
    // The dashboard's typed documents (graphql-codegen client preset): `graphql(`…`)` in web/src returns a typed
    // document string whose result and variables types follow the SDL.
    'web/src/gql/': {
      preset: 'client',
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        // Enums as `const` objects: the dashboard lists axes from them (web/src/axes.ts), never by hand.
        enumType: 'const',
        avoidOptionals: false,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
    },
    'src/graphql/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../../context.js#Context',
        useTypeImports: true,
        immutableTypes: true,
        enumsAsTypes: true,
        useIndexSignature: false,
        maybeValue: 'T | null | undefined',
        scalars: { DateTime: 'Date | string', JSON: 'unknown', ID: { input: 'string', output: 'string | number' } },
        enumValues: {
          QuestionType: lowerCased([
            'DOMAIN',
            'SUBDOMAIN',
            'MODALITY',
            'SUBMODALITY',
            'STAIN',
            'CLASSIFICATION',
            'COGNITION',
          ]),
          QuestionProtocol: lowerCased(['VQA', 'CAPTION']),
          ModelKind: lowerCased(['CONTRASTIVE', 'GENERATIVE', 'BASELINE']),
          RunProtocol: lowerCased(['CONTRASTIVE', 'GENERATIVE', 'CHOICE', 'SCORES']),
          RunStatus: lowerCased(['PENDING', 'RUNNING', 'COMPLETE', 'FAILED']),
          RunSource: lowerCased(['EVALUATE', 'IMPORT']),
          PredictionStatus: lowerCased(['OK', 'FAILED']),
          NormalAbnormal: lowerCased(['NORMAL', 'ABNORMAL']),
          RevisionStatus: lowerCased(['IMPORTING', 'COMPLETE']),
          ImportIssueSeverity: lowerCased(['SKIPPED', 'CORRECTED']),
          TaskKind: lowerCased(['COARSE', 'FINE_CLASSIFICATION', 'DETECTION', 'COGNITION']),
          ReferenceSplit: lowerCased(['COARSE', 'FINE', 'COGNITION']),
          ImportProtocol: lowerCased(['GENERATIVE', 'CHOICE', 'SCORES']),
          PredictionFileFormat: lowerCased(['JSONL', 'CSV']),
          PredictionOutcome: lowerCased(['SCORED', 'CORRECT', 'INCORRECT', 'UNSCORED', 'ALL']),
        },
        mapperTypeSuffix: 'Parent',
        mappers: {
          Benchmark: '../mappers.js#Benchmark',
          BenchmarkRevision: '../mappers.js#BenchmarkRevision',
          ImportIssue: '../mappers.js#ImportIssue',
          Domain: '../mappers.js#Domain',
          Subdomain: '../mappers.js#Subdomain',
          Modality: '../mappers.js#Modality',
          Submodality: '../mappers.js#Submodality',
          Stain: '../mappers.js#Stain',
          Organism: '../mappers.js#Organism',
          Scale: '../mappers.js#Scale',
          Task: '../mappers.js#Task',
          TaxonomyGroup: '../mappers.js#TaxonomyGroup',
          SourceDataset: '../mappers.js#SourceDataset',
          ImageSet: '../mappers.js#ImageSet',
          Image: '../mappers.js#Image',
          Provenance: '../mappers.js#Image',
          ImageConnection: '../mappers.js#ImageConnection',
          Facet: '../mappers.js#Facet',
          FacetValue: '../mappers.js#FacetValue',
          Question: '../mappers.js#Question',
          QuestionConnection: '../mappers.js#QuestionConnection',
          Model: '../mappers.js#Model',
          ModelVersion: '../mappers.js#ModelVersion',
          Run: '../mappers.js#Run',
          Prediction: '../mappers.js#Prediction',
          PredictionConnection: '../mappers.js#PredictionConnection',
          ApiKey: '../mappers.js#ApiKey',
          Results: '../resolvers/results/types.js#ResultsParent',
          EvaluationCoverage: '../resolvers/results/types.js#EvaluationCoverageParent',
          ResultSlice: '../resolvers/results/types.js#ResultSliceParent',
          SlicePredictionConnection: '../resolvers/results/types.js#SlicePredictionConnectionParent',
          Comparison: '../resolvers/results/types.js#ComparisonParent',
          ComparisonSlice: '../resolvers/results/types.js#ComparisonSliceParent',
          LeaderboardSlice: '../resolvers/results/types.js#LeaderboardSliceParent',
          LeaderboardEntry: '../resolvers/results/types.js#LeaderboardEntryParent',
          ReferenceResult: '../resolvers/results/types.js#ReferenceResultParent',
        },
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
