import { useCallback, useMemo, useRef } from 'react';
import { axisLabel, filterFromFacets, pct, resultAxes, sliceScope } from '../axes';
import { useQuery } from '../api';
import {
  cellTitle,
  download,
  downloadPng,
  downloadSvg,
  heatmap,
  intervals,
  PlotView,
  toCsv,
  type Cell,
  type Whisker,
} from '../charts';
import { FacetFilters } from '../components/FacetFilters';
import { graphql } from '../gql';
import { IntervalMethod, QuestionType, type ResultAxis, type ResultPreset } from '../gql/graphql';
import { list, useUrlState } from '../router';

const SetupQuery = graphql(`
  query ExplorerSetup {
    benchmarks {
      slug
      name
      revisions {
        id
        revision
        status
      }
    }
    models {
      slug
      name
      kind
    }
    resultPresets {
      preset
      description
      questionTypes
      groupBy
    }
  }
`);

const ResultsQuery = graphql(`
  query ExplorerResults(
    $models: [String!]
    $filter: ImageFilter
    $groupBy: [ResultAxis!]
    $preset: ResultPreset
    $interval: IntervalMethod
    $seed: Int
    $questionTypes: [QuestionType!]
    $revisions: [ID!]
  ) {
    results(
      benchmarkRevisions: $revisions
      models: $models
      filter: $filter
      groupBy: $groupBy
      preset: $preset
      interval: $interval
      seed: $seed
      questionTypes: $questionTypes
    ) {
      groupBy
      questionTypes
      coverage {
        model
        mode
        done
        total
        failed
        error
        run {
          id
          status
        }
      }
      slices {
        model {
          slug
        }
        group {
          axis
          value
          label
        }
        n
        correct
        accuracy
        interval {
          low
          high
          plusMinus
          method
        }
        macroAccuracy
        chanceAccuracy
        lowSupport
        runIds
        benchmarkRevisions
      }
      reference {
        source
        model
        split
        accuracy
        plusMinus
      }
    }
  }
`);

const CellQuestions = graphql(`
  query CellQuestions($filter: ImageFilter, $type: QuestionType, $models: [String!], $first: Int) {
    questions(filter: $filter, type: $type, first: $first) {
      totalCount
      nodes {
        id
        key
        type
        template
        text
        options
        answerIndex
        image {
          id
          sourceImageId
          thumbnailUrl(size: 128)
          labelNames
        }
        predictions(models: $models) {
          chosenIndex
          chosenOption
          isCorrect
          run {
            id
            model {
              slug
            }
          }
        }
      }
    }
  }
`);

/** Display names of the interval methods; keyed by every `IntervalMethod` (a new one fails the type check). */
const intervalLabels: Record<IntervalMethod, string> = {
  WILSON: 'Wilson',
  BOOTSTRAP: 'Bootstrap (basic, paper)',
  CLUSTER_BOOTSTRAP: 'Cluster bootstrap (source dataset)',
  IMAGE_CLUSTER_BOOTSTRAP: 'Cluster bootstrap (image)',
};
const questionTypes = Object.values(QuestionType);

const defaults = {
  benchmark: '',
  revision: '',
  models: '',
  axis: 'TASK',
  axis2: '',
  preset: '',
  interval: 'WILSON',
  seed: '0',
  types: '',
  facets: '',
  cell: '',
  wrong: '',
  more: '1',
};

export function Explorer() {
  const [s, set] = useUrlState(defaults);
  const setup = useQuery(SetupQuery, {});
  const allModels = setup.data?.models.map((m) => m.slug) ?? [];
  const models = list(s.models).length ? list(s.models) : allModels;
  const preset = (s.preset || null) as ResultPreset | null;
  const presetInfo = setup.data?.resultPresets.find((p) => p.preset === preset);
  const groupBy = preset ? null : ([s.axis, s.axis2].filter(Boolean) as ResultAxis[]);
  const filter = useMemo(() => filterFromFacets(list(s.facets), s.benchmark || undefined), [s.facets, s.benchmark]);
  const types = list(s.types) as QuestionType[];
  const vars = {
    models,
    filter,
    groupBy,
    preset,
    interval: s.interval as IntervalMethod,
    seed: Number(s.seed) || 0,
    questionTypes: types.length ? types : null,
    revisions: s.revision ? [s.revision] : null,
  };
  const results = useQuery(ResultsQuery, vars, {
    skip: !setup.data,
    poll: (d) =>
      d.results.coverage.some(
        (c) => c.done + c.failed < c.total || c.run?.status === 'RUNNING' || c.run?.status === 'PENDING',
      )
        ? 1000
        : null,
  });
  const effectiveTypes = (results.data?.results.questionTypes ?? presetInfo?.questionTypes ?? types) as string[];

  const r = results.data?.results;
  const complete = r ? r.coverage.every((c) => c.done + c.failed >= c.total) : false;
  const grouping = (r?.groupBy ?? groupBy ?? []) as ResultAxis[];
  const cells: Cell[] = useMemo(
    () =>
      (r?.slices ?? [])
        .filter((sl) => sl.accuracy != null)
        .map((sl, index) => ({
          model: sl.model.slug,
          x: sl.group[0] ? (sl.group[0].label ?? sl.group[0].value ?? 'none') : 'all',
          y: sl.group[1] ? `${sl.model.slug} · ${sl.group[1].label ?? sl.group[1].value ?? 'none'}` : sl.model.slug,
          accuracy: sl.accuracy!,
          low: sl.interval.low ?? sl.accuracy!,
          high: sl.interval.high ?? sl.accuracy!,
          n: sl.n,
          correct: sl.correct,
          macro: sl.macroAccuracy ?? null,
          chance: sl.chanceAccuracy ?? null,
          lowSupport: sl.lowSupport,
          runIds: sl.runIds,
          revisions: sl.benchmarkRevisions,
          index,
        })),
    [r],
  );
  const sliceOf = (c: Cell) => (r?.slices ?? []).filter((sl) => sl.accuracy != null)[c.index];
  const cellKey = (c: Cell) => [c.model, ...sliceOf(c)!.group.map((g) => g.value ?? '')].join('|');
  const selected = cells.find((c) => cellKey(c) === s.cell);
  // The chance levels of the cells on screen (they differ: questions have 2 to 8 options).
  const chances = cells.map((c) => c.chance).filter((c): c is number => c != null);
  const chanceRange = chances.length ? [Math.min(...chances), Math.max(...chances)] : null;

  const heatRef = useRef<HTMLDivElement>(null);
  const makeHeat = useCallback(() => heatmap(cells, axisLabel(grouping[0])), [cells, grouping.join()]);
  const wireHeat = useCallback(
    (el: Element) => {
      const rects = el.querySelector('g[aria-label="cell"]')?.querySelectorAll('rect') ?? [];
      rects.forEach((rect, i) => {
        const c = cells[i];
        if (!c) return;
        rect.setAttribute('tabindex', '0');
        rect.setAttribute('role', 'button');
        rect.setAttribute('aria-label', cellTitle(c).replace(/\n/g, ', '));
        rect.setAttribute('data-cell', cellKey(c));
        (rect as SVGElement).style.cursor = 'pointer';
        const open = () => set({ cell: cellKey(c), more: '1' });
        rect.addEventListener('click', open);
        rect.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') open();
        });
      });
    },
    [cells, s.cell],
  );
  const whiskers: Whisker[] = useMemo(() => {
    const rows: Whisker[] = cells.map((c) => ({
      label: c.x + (c.y !== c.model ? ` · ${c.y.split(' · ')[1]}` : ''),
      series: c.model,
      estimate: c.accuracy,
      low: c.low,
      high: c.high,
      lowSupport: c.lowSupport,
      chance: c.chance,
    }));
    for (const ref of r?.reference ?? [])
      rows.push({
        label: `paper: ${ref.split.toLowerCase()}`,
        series: ref.model,
        // Table 1 prints percent; the chart is in [0, 1].
        estimate: ref.accuracy / 100,
        low: Math.max(0, (ref.accuracy - ref.plusMinus) / 100),
        high: Math.min(1, (ref.accuracy + ref.plusMinus) / 100),
        lowSupport: false,
        chance: null,
      });
    return rows;
  }, [cells, r]);
  const dotRef = useRef<HTMLDivElement>(null);
  const makeDots = useCallback(() => intervals(whiskers), [whiskers]);

  const table = cells.map((c) => {
    const sl = sliceOf(c)!;
    return {
      model: c.model,
      ...Object.fromEntries(sl.group.map((g) => [g.axis.toLowerCase(), g.label ?? g.value])),
      n: c.n,
      correct: c.correct,
      accuracy: c.accuracy,
      ci_low: c.low,
      ci_high: c.high,
      interval_method: sl.interval.method,
      macro_accuracy: c.macro,
      chance_accuracy: c.chance,
      low_support: c.lowSupport,
      run_ids: c.runIds,
      benchmark_revisions: c.revisions,
    };
  });

  const toggle = (name: 'models' | 'types', value: string, all: string[]) => {
    const cur = list(s[name]).length ? list(s[name]) : all;
    const next = cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
    set({ [name]: next.length === all.length ? '' : next.join(','), cell: '' });
  };

  return (
    <div className="explorer">
      <h1>Results explorer</h1>
      <form className="controls" aria-label="Results controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          Benchmark revision
          <select
            name="revision"
            value={s.revision ? `${s.benchmark}@${s.revision}` : s.benchmark}
            onChange={(e) => {
              const [benchmark = '', revision = ''] = e.target.value.split('@');
              set({ benchmark, revision, cell: '' });
            }}
          >
            <option value="">all benchmarks, every revision</option>
            {setup.data?.benchmarks.map((b) => [
              <option key={b.slug} value={b.slug}>
                {b.name}: every revision
              </option>,
              ...b.revisions.map((v, i) => (
                <option key={v.id} value={`${b.slug}@${v.id}`}>
                  {b.name} @ {v.revision.slice(0, 12)}
                  {i === 0 ? ' (newest)' : ''}
                  {v.status === 'IMPORTING' ? ' (importing)' : ''}
                </option>
              )),
            ])}
          </select>
        </label>
        <fieldset>
          <legend>Models</legend>
          {allModels.map((m) => (
            <label key={m} className="check">
              <input type="checkbox" checked={models.includes(m)} onChange={() => toggle('models', m, allModels)} />
              {m}
            </label>
          ))}
        </fieldset>
        <label>
          Preset
          <select name="preset" value={s.preset} onChange={(e) => set({ preset: e.target.value, cell: '' })}>
            <option value="">none (choose axes)</option>
            {setup.data?.resultPresets.map((p) => (
              <option key={p.preset} value={p.preset} title={p.description}>
                {p.preset}
              </option>
            ))}
          </select>
        </label>
        <label>
          Axis
          <select
            name="axis"
            value={s.axis}
            disabled={!!preset}
            onChange={(e) => set({ axis: e.target.value, cell: '' })}
          >
            {resultAxes.map((a) => (
              <option key={a.axis} value={a.axis}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Second axis
          <select
            name="axis2"
            value={s.axis2}
            disabled={!!preset}
            onChange={(e) => set({ axis2: e.target.value, cell: '' })}
          >
            <option value="">none</option>
            {resultAxes
              .filter((a) => a.axis !== s.axis)
              .map((a) => (
                <option key={a.axis} value={a.axis}>
                  {a.label}
                </option>
              ))}
          </select>
        </label>
        <label>
          Interval
          <select name="interval" value={s.interval} onChange={(e) => set({ interval: e.target.value })}>
            {Object.values(IntervalMethod).map((m) => (
              <option key={m} value={m}>
                {intervalLabels[m]}
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
        <fieldset>
          <legend>Question types</legend>
          {questionTypes.map((t) => (
            <label key={t} className="check">
              <input
                type="checkbox"
                disabled={!!preset}
                checked={!types.length || types.includes(t)}
                onChange={() => toggle('types', t, questionTypes)}
              />
              {t.toLowerCase()}
            </label>
          ))}
        </fieldset>
      </form>
      <div className="layout">
        <FacetFilters
          selected={list(s.facets)}
          benchmark={s.benchmark || undefined}
          onChange={(facets) => set({ facets: facets.join(','), cell: '' })}
        />
        <section className="main" aria-label="Results">
          {presetInfo && <p className="hint">{presetInfo.description}</p>}
          {results.error && (
            <p role="alert" className="error">
              {results.error.message}
            </p>
          )}
          {r && (
            <div
              className="coverage"
              aria-live="polite"
              data-testid="coverage"
              data-complete={complete ? 'true' : 'false'}
            >
              {r.coverage.map((c) => (
                <div key={c.model} className="progress-row">
                  <span>{c.model}</span>
                  <progress max={c.total || 1} value={c.done} aria-label={`${c.model} predictions computed`} />
                  <span>
                    {c.done} / {c.total}
                    {c.failed ? `, ${c.failed} failed` : ''}{' '}
                    {c.done + c.failed >= c.total ? '· COMPLETE' : `· ${c.run?.status ?? 'computing'}`}
                  </span>
                  {c.error && <span className="error">{c.error}</span>}
                </div>
              ))}
            </div>
          )}
          {!r && results.loading && <p>Loading results…</p>}
          {r && complete && cells.length === 0 && (
            <p role="status" data-testid="no-results">
              No scored predictions in this scope{s.revision ? ' for the chosen benchmark revision' : ''}.
            </p>
          )}
          {r && (
            <>
              <h2>
                Accuracy by {grouping.map(axisLabel).join(' × ') || 'overall'}{' '}
                <small data-testid="chance-range">
                  chance{' '}
                  {chanceRange
                    ? chanceRange[0] === chanceRange[1]
                      ? pct(chanceRange[0])
                      : `${pct(chanceRange[0])} – ${pct(chanceRange[1])} by cell`
                    : '–'}
                </small>
              </h2>
              <div ref={heatRef}>
                <PlotView
                  make={makeHeat}
                  after={wireHeat}
                  label="Heatmap of accuracy, model by axis value"
                  testId="heatmap"
                />
              </div>
              <p className="hint">
                Colour: accuracy above (blue) or below (red) each cell's own chance level (white = chance; the small
                figure under the accuracy). Click a cell (or focus it and press Enter) for the questions behind it. * =
                low support (n below 30).
              </p>
              <div className="buttons">
                <button
                  type="button"
                  onClick={() => download('results.csv', new Blob([toCsv(table)], { type: 'text/csv' }))}
                >
                  Download CSV
                </button>
                <button
                  type="button"
                  onClick={() =>
                    download(
                      'results.json',
                      new Blob([JSON.stringify({ variables: vars, slices: table, coverage: r.coverage }, null, 1)], {
                        type: 'application/json',
                      }),
                    )
                  }
                >
                  Download JSON
                </button>
                <button type="button" onClick={() => downloadSvg(heatRef.current, 'heatmap.svg')}>
                  Heatmap SVG
                </button>
                <button type="button" onClick={() => downloadPng(heatRef.current, 'heatmap.png')}>
                  Heatmap PNG
                </button>
                <button type="button" onClick={() => downloadSvg(dotRef.current, 'intervals.svg')}>
                  Intervals SVG
                </button>
              </div>
              {selected && (
                <CellDetails
                  cell={selected}
                  group={sliceOf(selected)!.group}
                  filter={filter}
                  types={effectiveTypes}
                  models={models}
                  wrongOnly={s.wrong === '1'}
                  more={Number(s.more) || 1}
                  onWrongOnly={(w) => set({ wrong: w ? '1' : '' })}
                  onMore={() => set({ more: String((Number(s.more) || 1) + 1) })}
                  onClose={() => set({ cell: '', wrong: '', more: '1' })}
                />
              )}
              <h2>Intervals</h2>
              <div ref={dotRef}>
                <PlotView
                  make={makeDots}
                  label="Dot-and-whisker chart of accuracy with 95 % intervals"
                  testId="intervals"
                />
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function CellDetails(props: {
  cell: Cell;
  group: { axis: ResultAxis; value?: string | null }[];
  filter: ReturnType<typeof filterFromFacets>;
  types: string[];
  models: string[];
  wrongOnly: boolean;
  more: number;
  onWrongOnly: (w: boolean) => void;
  onMore: () => void;
  onClose: () => void;
}) {
  const scope = sliceScope(props.filter, props.group);
  const type = scope.type ?? (props.types.length === 1 ? (props.types[0] as QuestionType) : null);
  const q = useQuery(CellQuestions, {
    filter: scope.filter,
    type,
    models: props.models,
    first: Math.min(500, 60 * props.more),
  });
  const rows = (q.data?.questions.nodes ?? []).filter((n) => {
    if (props.types.length && !props.types.includes(n.type)) return false;
    // Grouped by caption template: the API filters images, so the template is matched here.
    if (scope.template !== undefined && String(n.template ?? '') !== (scope.template ?? '')) return false;
    const mine = n.predictions.find((p) => p.run.model.slug === props.cell.model);
    if (!mine) return false;
    return !props.wrongOnly || mine.isCorrect === false;
  });
  return (
    <section className="cell-details" aria-label="Questions behind the selected cell" data-testid="cell-details">
      <header>
        <h3>
          {props.cell.model} · {props.cell.x}
          {props.cell.y !== props.cell.model ? ` · ${props.cell.y.split(' · ')[1]}` : ''}: {pct(props.cell.accuracy)} (
          {props.cell.correct}/{props.cell.n})
        </h3>
        <label className="check">
          <input type="checkbox" checked={props.wrongOnly} onChange={(e) => props.onWrongOnly(e.target.checked)} />
          wrong only
        </label>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </header>
      {q.loading && !q.data && <p>Loading questions…</p>}
      <ul className="questions">
        {rows.map((n) => (
          <li key={n.id} data-testid="cell-question">
            <a href={`/corpus/image?id=${n.image.id}`}>
              <img
                src={n.image.thumbnailUrl}
                alt={`image ${n.image.sourceImageId}: ${n.image.labelNames.join(', ')}`}
                width={96}
                height={96}
                loading="lazy"
              />
            </a>
            <div>
              <p className="qtext">
                <strong>{n.type.toLowerCase()}</strong> {n.text}
              </p>
              <p>
                gold: <span className="gold">{n.options[n.answerIndex]}</span>
              </p>
              <ul className="choices">
                {n.predictions.map((p) => (
                  <li key={p.run.id} className={p.isCorrect ? 'right' : 'wrong'}>
                    {p.run.model.slug}: {p.chosenOption ?? '–'} {p.isCorrect ? '✓' : '✗'}
                  </li>
                ))}
              </ul>
            </div>
          </li>
        ))}
      </ul>
      <p className="hint">
        {rows.length} shown of {q.data?.questions.totalCount ?? '…'} questions in this scope
        {q.data && q.data.questions.totalCount > 60 * props.more && (
          <button type="button" onClick={props.onMore}>
            Load more
          </button>
        )}
      </p>
    </section>
  );
}
