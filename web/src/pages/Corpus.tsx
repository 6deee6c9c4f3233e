import { useEffect, useRef, useState } from 'react';
import { filterFromFacets } from '../axes';
import { request, useQuery } from '../api';
import { FacetFilters } from '../components/FacetFilters';
import { graphql } from '../gql';
import type { ImagesPageQuery } from '../gql/graphql';
import { list, useUrlState } from '../router';

const ImagesPage = graphql(`
  query ImagesPage($filter: ImageFilter, $after: String) {
    images(filter: $filter, first: 48, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        sourceImageId
        thumbnailUrl(size: 128)
        labelNames
        modality {
          name
        }
      }
    }
  }
`);

const SearchByText = graphql(`
  query SearchByText($text: String!, $model: String!, $filter: ImageFilter) {
    similarImages(to: { text: $text }, model: $model, filter: $filter, k: 24) {
      method
      hits {
        score
        image {
          id
          sourceImageId
          thumbnailUrl(size: 128)
          labelNames
        }
      }
    }
  }
`);

const SearchByImage = graphql(`
  query SearchByImage($imageId: ID!, $model: String!, $filter: ImageFilter) {
    similarImages(to: { imageId: $imageId }, model: $model, filter: $filter, k: 25, excludeSameSource: false) {
      method
      hits {
        score
        image {
          id
          sourceImageId
          thumbnailUrl(size: 128)
          labelNames
        }
      }
    }
  }
`);

const ModelsQuery = graphql(`
  query SearchModels {
    models {
      slug
      kind
    }
  }
`);

type Node = ImagesPageQuery['images']['nodes'][number];

export function Corpus() {
  const [s, set] = useUrlState({ facets: '', benchmark: '', q: '', model: '' });
  const filter = filterFromFacets(list(s.facets), s.benchmark || undefined);
  const models = useQuery(ModelsQuery, {});
  const contrastive = models.data?.models.filter((m) => m.kind === 'CONTRASTIVE').map((m) => m.slug) ?? [];
  const model = s.model || contrastive[0] || '';
  const [text, setText] = useState(s.q);
  useEffect(() => setText(s.q), [s.q]);
  return (
    <div>
      <h1>Corpus</h1>
      <form
        className="controls"
        role="search"
        aria-label="Text search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: text.trim() });
        }}
      >
        <label>
          Search images by text
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="a fluorescence micrograph of mitochondria"
            size={48}
          />
        </label>
        <label>
          Model
          <select value={model} onChange={(e) => set({ model: e.target.value })}>
            {contrastive.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
        {s.q && (
          <button type="button" onClick={() => set({ q: '' })}>
            Clear search
          </button>
        )}
      </form>
      <div className="layout">
        <FacetFilters
          selected={list(s.facets)}
          benchmark={s.benchmark || undefined}
          onChange={(f) => set({ facets: f.join(',') })}
        />
        <section className="main" aria-label="Images">
          {s.q && model ? <SearchHits text={s.q} model={model} filter={filter} /> : <ImageGrid filter={filter} />}
        </section>
      </div>
    </div>
  );
}

function SearchHits(props: {
  text?: string;
  imageId?: string;
  model: string;
  filter: ReturnType<typeof filterFromFacets>;
}) {
  const byText = useQuery(
    SearchByText,
    { text: props.text ?? '', model: props.model, filter: props.filter },
    { skip: !props.text },
  );
  const byImage = useQuery(
    SearchByImage,
    { imageId: props.imageId ?? '', model: props.model, filter: props.filter },
    { skip: !props.imageId },
  );
  const q = props.text ? byText : byImage;
  if (q.error)
    return (
      <p role="alert" className="error">
        {q.error.message}
      </p>
    );
  if (!q.data) return <p>Searching…</p>;
  return (
    <>
      <p className="hint">
        {q.data.similarImages.hits.length} most similar images ({props.model},{' '}
        {q.data.similarImages.method.toLowerCase()} search), cosine score shown
      </p>
      <ul className="grid" data-testid="search-hits">
        {q.data.similarImages.hits.map((h) => (
          <li key={h.image.id}>
            <a href={`/corpus/image?id=${h.image.id}`}>
              <img
                src={h.image.thumbnailUrl}
                alt={`image ${h.image.sourceImageId}: ${h.image.labelNames.join(', ')}`}
                width={128}
                height={128}
                loading="lazy"
              />
            </a>
            <span className="score">{h.score.toFixed(3)}</span>
            <span className="label">{h.image.labelNames.join(', ')}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export { SearchHits };

/** Thumbnail grid with cursor pagination: a "Load more" button and infinite scroll (the same call). */
function ImageGrid(props: { filter: ReturnType<typeof filterFromFacets> }) {
  const [pages, setPages] = useState<{
    nodes: Node[];
    total: number;
    next: string | null;
    loading: boolean;
    error?: string;
  }>({
    nodes: [],
    total: 0,
    next: null,
    loading: true,
  });
  const key = JSON.stringify(props.filter);
  const load = async (after: string | null, reset: boolean) => {
    setPages((p) => ({ ...p, loading: true }));
    try {
      const d = await request(ImagesPage, { filter: props.filter, after });
      setPages((p) => ({
        nodes: reset ? d.images.nodes : [...p.nodes, ...d.images.nodes],
        total: d.images.totalCount,
        next: d.images.pageInfo.hasNextPage ? (d.images.pageInfo.endCursor ?? null) : null,
        loading: false,
      }));
    } catch (e) {
      setPages((p) => ({ ...p, loading: false, error: (e as Error).message }));
    }
  };
  useEffect(() => {
    void load(null, true);
  }, [key]);
  const sentinel = useRef<HTMLDivElement>(null);
  const state = useRef(pages);
  state.current = pages;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      const p = state.current;
      if (entries.some((e) => e.isIntersecting) && p.next && !p.loading) void load(p.next, false);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [key]);
  return (
    <>
      <p className="hint" data-testid="grid-count">
        {pages.nodes.length} of {pages.total} images
      </p>
      {pages.error && (
        <p role="alert" className="error">
          {pages.error}
        </p>
      )}
      <ul className="grid" data-testid="image-grid">
        {pages.nodes.map((n) => (
          <li key={n.id}>
            <a href={`/corpus/image?id=${n.id}`}>
              <img
                src={n.thumbnailUrl}
                alt={`image ${n.sourceImageId}: ${n.labelNames.join(', ')}`}
                width={128}
                height={128}
                loading="lazy"
              />
            </a>
            <span className="label">{n.labelNames.join(', ')}</span>
          </li>
        ))}
      </ul>
      <div ref={sentinel} />
      {pages.next && (
        <button type="button" disabled={pages.loading} onClick={() => void load(pages.next, false)}>
          {pages.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
