import type { Resolvers } from '../__generated__/resolvers-types.js';

// GraphQL enum names ↔ database values (codegen's `enumValues` gives the TS side the database values).
export const enumResolvers: Resolvers = {
  QuestionType: {
    DOMAIN: 'domain',
    SUBDOMAIN: 'subdomain',
    MODALITY: 'modality',
    SUBMODALITY: 'submodality',
    STAIN: 'stain',
    CLASSIFICATION: 'classification',
    COGNITION: 'cognition',
  },
  QuestionProtocol: { VQA: 'vqa', CAPTION: 'caption' },
  ModelKind: { CONTRASTIVE: 'contrastive', GENERATIVE: 'generative', BASELINE: 'baseline' },
  RunProtocol: { CONTRASTIVE: 'contrastive', GENERATIVE: 'generative', CHOICE: 'choice', SCORES: 'scores' },
  RunStatus: { PENDING: 'pending', RUNNING: 'running', COMPLETE: 'complete', FAILED: 'failed' },
  RunSource: { EVALUATE: 'evaluate', IMPORT: 'import' },
  PredictionStatus: { OK: 'ok', FAILED: 'failed' },
  NormalAbnormal: { NORMAL: 'normal', ABNORMAL: 'abnormal' },
  RevisionStatus: { IMPORTING: 'importing', COMPLETE: 'complete' },
  ImportIssueSeverity: { SKIPPED: 'skipped', CORRECTED: 'corrected' },
  TaskKind: {
    COARSE: 'coarse',
    FINE_CLASSIFICATION: 'fine_classification',
    DETECTION: 'detection',
    COGNITION: 'cognition',
  },
};
