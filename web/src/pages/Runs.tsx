import { useState } from 'react';
import { apiKey, request, useQuery } from '../api';
import { graphql } from '../gql';

const RunsQuery = graphql(`
  query RunsPage {
    models {
      slug
      name
      kind
      versions {
        id
        weightsHash
        dimensions
      }
    }
    runs {
      id
      model {
        slug
      }
      status
      protocol
      template
      done
      total
      failed
      source
      createdAt
      finishedAt
      benchmarkRevision {
        revision
      }
    }
  }
`);

const Evaluate = graphql(`
  mutation Evaluate($model: String!, $template: Int) {
    evaluate(model: $model, template: $template) {
      ok
      mode
      run {
        id
        status
      }
      error {
        code
        message
      }
    }
  }
`);

export function Runs() {
  const q = useQuery(
    RunsQuery,
    {},
    { poll: (d) => (d.runs.some((r) => r.status === 'RUNNING' || r.status === 'PENDING') ? 1500 : null) },
  );
  const [key, setKey] = useState(apiKey.get());
  const [model, setModel] = useState('');
  const [template, setTemplate] = useState('1');
  const [message, setMessage] = useState('');
  const contrastive = q.data?.models.filter((m) => m.kind === 'CONTRASTIVE') ?? [];
  const start = async () => {
    apiKey.set(key.trim());
    setMessage('Starting…');
    try {
      const d = await request(Evaluate, { model: model || contrastive[0]?.slug || '', template: Number(template) });
      const e = d.evaluate;
      setMessage(
        e.ok
          ? `Run ${e.run?.id} ${e.mode?.toLowerCase()} (${e.run?.status.toLowerCase()})`
          : `${e.error?.code}: ${e.error?.message}`,
      );
      q.refetch();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <div>
      <h1>Models and runs</h1>
      <section aria-label="Models">
        <h2>Models</h2>
        <table data-testid="models-table">
          <thead>
            <tr>
              <th scope="col">slug</th>
              <th scope="col">name</th>
              <th scope="col">kind</th>
              <th scope="col">versions</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.models.map((m) => (
              <tr key={m.slug}>
                <td>{m.slug}</td>
                <td>{m.name}</td>
                <td>{m.kind.toLowerCase()}</td>
                <td>
                  {m.versions
                    .map((v) => `${v.weightsHash.slice(0, 10)}${v.dimensions ? ` (${v.dimensions}-d)` : ''}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="Start an evaluation">
        <h2>Start an evaluation</h2>
        <form
          className="controls"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <label>
            API key
            <input
              type="password"
              autoComplete="off"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="npx stratum keys create …"
            />
          </label>
          <label>
            Model
            <select value={model || contrastive[0]?.slug || ''} onChange={(e) => setModel(e.target.value)}>
              {contrastive.map((m) => (
                <option key={m.slug}>{m.slug}</option>
              ))}
            </select>
          </label>
          <label>
            Caption template
            <select value={template} onChange={(e) => setTemplate(e.target.value)}>
              <option value="0">0</option>
              <option value="1">1 (official)</option>
            </select>
          </label>
          <button type="submit">Evaluate</button>
          <output aria-live="polite">{message}</output>
        </form>
      </section>
      <section aria-label="Runs">
        <h2>Runs</h2>
        <table data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">id</th>
              <th scope="col">model</th>
              <th scope="col">status</th>
              <th scope="col">progress</th>
              <th scope="col">failed</th>
              <th scope="col">protocol</th>
              <th scope="col">revision</th>
              <th scope="col">started</th>
              <th scope="col">finished</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.runs.map((r) => (
              <tr key={r.id} className={r.failed ? 'has-failures' : undefined}>
                <td>{r.id}</td>
                <td>{r.model.slug}</td>
                <td>{r.status.toLowerCase()}</td>
                <td>
                  <progress max={r.total || 1} value={r.done} aria-label={`run ${r.id} progress`} /> {r.done}/{r.total}
                </td>
                <td>{r.failed}</td>
                <td>
                  {r.protocol.toLowerCase()}
                  {r.template != null ? ` t${r.template}` : ''} ({r.source.toLowerCase()})
                </td>
                <td>{r.benchmarkRevision.revision.slice(0, 12)}</td>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
                <td>{r.finishedAt ? new Date(r.finishedAt).toLocaleString() : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
