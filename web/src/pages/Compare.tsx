import { useCallback, useMemo } from 'react';
import { pct, resultAxes } from '../axes';
import { useQuery } from '../api';
import { forest, PlotView, type ForestRow } from '../charts';
import { graphql } from '../gql';
import type { ReferenceSplit, ResultAxis, ResultPreset } from '../gql/graphql';
import { useUrlState } from '../router';

const Setup = graphql(`
  query CompareSetup {
    models {
      slug
    }
    resultPresets {
      preset
      description
    }
  }
`);

const CompareQuery = graphql(`
  query Compare($a: String!, $b: String!, $groupBy: [ResultAxis!], $preset: ResultPreset, $seed: Int) {
    compare(modelA: $a, modelB: $b, groupBy: $groupBy, preset: $preset, seed: $seed, overall: true) {
      slices {
        group {
          axis
          value
          label
        }
        n
        accuracyA
        accuracyB
        difference {
          estimate
          low
          high
        }
        bothCorrect
        onlyACorrect
        onlyBCorrect
        bothWrong
        pValue
        adjustedPValue
        lowSupport
      }
    }
  }
`);

const LeaderboardQuery = graphql(`
  query Leaderboard($groupBy: [ResultAxis!], $preset: ResultPreset, $split: ReferenceSplit) {
    leaderboard(groupBy: $groupBy, preset: $preset) {
      group {
        axis
        value
        label
      }
      entries {
        rank
        tieGroup
        tiedWithLeader
        model {
          slug
        }
        result {
          n
          accuracy
          interval {
            low
            high
            plusMinus
          }
          lowSupport
        }
      }
    }
    referenceResults(split: $split) {
      source
      model
      split
      accuracy
      plusMinus
      rank
    }
  }
`);

const fmtPct = (x: number | null | undefined) => (x == null ? '–' : (100 * x).toFixed(1));
const fmtP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

export function Compare() {
  const [s, set] = useUrlState({ a: '', b: '', axis: 'TASK', preset: '', seed: '0' });
  const setup = useQuery(Setup, {});
  const models = setup.data?.models.map((m) => m.slug) ?? [];
  const a = s.a || models[0] || '';
  const b = s.b || models.find((m) => m !== a) || '';
  const preset = (s.preset || null) as ResultPreset | null;
  const groupBy = preset ? null : [s.axis as ResultAxis];
  const cmp = useQuery(
    CompareQuery,
    { a, b, groupBy, preset, seed: Number(s.seed) || 0 },
    { skip: !a || !b || a === b },
  );
  const split: ReferenceSplit | null = preset?.startsWith('COARSE')
    ? 'COARSE'
    : preset?.startsWith('FINE')
      ? 'FINE'
      : null;
  const board = useQuery(LeaderboardQuery, { groupBy, preset, split });
  const label = (g: { label?: string | null; value?: string | null }[]) =>
    g.map((x) => x.label ?? x.value ?? 'all').join(' · ') || 'overall';
  const rows: ForestRow[] = useMemo(
    () =>
      (cmp.data?.compare.slices ?? []).map((sl) => ({
        label: label(sl.group),
        estimate: sl.difference.estimate,
        low: sl.difference.low ?? sl.difference.estimate,
        high: sl.difference.high ?? sl.difference.estimate,
        significant: sl.adjustedPValue < 0.05,
      })),
    [cmp.data],
  );
  const make = useCallback(() => forest(rows, a, b), [rows, a, b]);
  return (
    <div>
      <h1>Compare and leaderboard</h1>
      <form className="controls" aria-label="Comparison controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          Model A
          <select value={a} onChange={(e) => set({ a: e.target.value })}>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Model B
          <select value={b} onChange={(e) => set({ b: e.target.value })}>
            {models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Preset
          <select value={s.preset} onChange={(e) => set({ preset: e.target.value })}>
            <option value="">none (choose an axis)</option>
            {setup.data?.resultPresets.map((p) => (
              <option key={p.preset} value={p.preset} title={p.description}>
                {p.preset}
              </option>
            ))}
          </select>
        </label>
        <label>
          Axis
          <select value={s.axis} disabled={!!preset} onChange={(e) => set({ axis: e.target.value })}>
            {resultAxes.map((x) => (
              <option key={x.axis} value={x.axis}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed
          <input
            type="number"
            min={0}
            value={s.seed}
            onChange={(e) => set({ seed: e.target.value || '0' })}
            style={{ width: '5em' }}
          />
        </label>
      </form>
      {a === b && <p role="alert">Choose two different models.</p>}
      {cmp.error && (
        <p role="alert" className="error">
          {cmp.error.message}
        </p>
      )}
      {cmp.data && (
        <section aria-label="Paired comparison">
          <h2>
            Paired difference {a} − {b}
          </h2>
          <PlotView make={make} label={`Forest plot of the accuracy difference ${a} minus ${b}`} testId="forest" />
          <table data-testid="compare-table">
            <caption>
              Paired per slice: bootstrap interval of the difference, exact McNemar p, Benjamini–Hochberg adjusted p.
            </caption>
            <thead>
              <tr>
                <th scope="col">slice</th>
                <th scope="col">n</th>
                <th scope="col">{a}</th>
                <th scope="col">{b}</th>
                <th scope="col">difference [95 %]</th>
                <th scope="col">only A / only B right</th>
                <th scope="col">McNemar p</th>
                <th scope="col">adjusted p</th>
              </tr>
            </thead>
            <tbody>
              {cmp.data.compare.slices.map((sl) => (
                <tr key={label(sl.group)} className={sl.lowSupport ? 'low-support' : undefined}>
                  <th scope="row">
                    {label(sl.group)}
                    {sl.lowSupport ? ' *' : ''}
                  </th>
                  <td>{sl.n}</td>
                  <td>{pct(sl.accuracyA)}</td>
                  <td>{pct(sl.accuracyB)}</td>
                  <td>
                    {(100 * sl.difference.estimate).toFixed(1)} [{fmtPct(sl.difference.low)},{' '}
                    {fmtPct(sl.difference.high)}]
                  </td>
                  <td>
                    {sl.onlyACorrect} / {sl.onlyBCorrect}
                  </td>
                  <td>{fmtP(sl.pValue)}</td>
                  <td className={sl.adjustedPValue < 0.05 ? 'significant' : undefined}>{fmtP(sl.adjustedPValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <div className="side-by-side">
        <section aria-label="Leaderboard">
          <h2>Leaderboard {preset ?? `by ${s.axis.toLowerCase()}`}</h2>
          {board.data?.leaderboard.map((sl) => (
            <table key={label(sl.group)} data-testid="leaderboard">
              <caption>{label(sl.group)}</caption>
              <thead>
                <tr>
                  <th scope="col">rank</th>
                  <th scope="col">tie group</th>
                  <th scope="col">model</th>
                  <th scope="col">accuracy ± 95 %</th>
                  <th scope="col">n</th>
                </tr>
              </thead>
              <tbody>
                {sl.entries.map((e) => (
                  <tr key={e.model.slug} className={e.tiedWithLeader ? 'tied' : undefined}>
                    <td>{e.rank}</td>
                    <td>{e.tieGroup}</td>
                    <td>{e.model.slug}</td>
                    <td>
                      {pct(e.result.accuracy)} ± {fmtPct(e.result.interval.plusMinus)}
                      {e.result.lowSupport ? ' *' : ''}
                    </td>
                    <td>{e.result.n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </section>
        <section aria-label="Paper's Table 1">
          <h2>μ-Bench paper, Table 1 {split ? `(${split.toLowerCase()})` : ''}</h2>
          <table data-testid="table1">
            <thead>
              <tr>
                <th scope="col">rank</th>
                <th scope="col">model</th>
                <th scope="col">split</th>
                <th scope="col">accuracy ± CI</th>
              </tr>
            </thead>
            <tbody>
              {board.data?.referenceResults.map((r) => (
                <tr key={`${r.model}/${r.split}`}>
                  <td>{r.rank}</td>
                  <td>{r.model}</td>
                  <td>{r.split.toLowerCase()}</td>
                  <td>
                    {r.accuracy.toFixed(1)} % ± {r.plusMinus.toFixed(1)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
