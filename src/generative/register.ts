import type { Db } from '../db/client.js';
import {
  findModelBySlug,
  findModelVersionById,
  upsertModel,
  upsertModelVersion,
} from '../db/queries/model-versions.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { badInput, DomainError } from '../errors.js';
import {
  endpointModelInputSchema,
  endpointSpecOf,
  endpointVersionIdentity,
  type EndpointModelSpec,
} from './endpoint-model.js';

/**
 * Registers an OpenAI-compatible endpoint as a generative model (CLI `stratum models add-endpoint`, GraphQL
 * `registerEndpointModel`): the model (kind `generative`) and its version, identified by what answers (base URL
 * and remote model) and the protocol configuration that changes answers (sampling, image encoding); limits and
 * the letter rule are stored settings. Registering the same identity again updates the settings and keeps every
 * prediction. The API key is never part of it: only the name of the environment variable holding it.
 * @throws DomainError BAD_USER_INPUT naming the field (`input.<field>`) for invalid input; CONFLICT when the slug
 * names a model of another kind
 */
export async function registerEndpointModel(
  db: Db,
  raw: unknown,
): Promise<{ version: ModelVersionRow; created: boolean; spec: EndpointModelSpec }> {
  const parsed = endpointModelInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(['input', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], issue.message);
  }
  const spec = endpointSpecOf(parsed.data);
  const existing = await findModelBySlug(db, spec.slug);
  if (existing && existing.kind !== 'generative') {
    throw new DomainError('CONFLICT', `slug ${spec.slug} names a ${existing.kind} model`, { path: ['input', 'slug'] });
  }
  const model = await upsertModel(db, { slug: spec.slug, name: spec.name, kind: 'generative' });
  const identity = endpointVersionIdentity(spec);
  const { id, created } = await upsertModelVersion(db, {
    modelId: model.id,
    weightsHash: identity.weightsHash,
    preprocessingHash: identity.preprocessingHash,
    preprocessing: identity.preprocessing,
    dimensions: null,
    path: null,
    config: { endpoint: spec },
  });
  return { version: (await findModelVersionById(db, id))!, created, spec };
}
