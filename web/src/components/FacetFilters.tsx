import { useState } from 'react';
import { facetAxes, facetPair, filterFromFacets } from '../axes';
import { useQuery } from '../api';
import { graphql } from '../gql';

export const FacetsQuery = graphql(`
  query Facets($filter: ImageFilter, $axes: [Axis!]!) {
    images(filter: $filter, first: 1) {
      totalCount
      facets(axes: $axes) {
        axis
        values {
          slug
          name
          count
        }
      }
    }
  }
`);

/** Values shown per axis before "show all". */
const SHOWN = 8;

/**
 * Facet checkboxes with image counts for every facet axis of the API (the `Axis` enum; the benchmark is the
 * revision picker's). Values of one axis are OR-ed, axes AND-ed. An axis with a selection shows its counts without
 * its own selection (so its other values stay meaningful); that second query runs only when something is selected.
 */
export function FacetFilters(props: {
  selected: string[];
  benchmark?: string;
  onChange: (selected: string[]) => void;
}) {
  const axes = facetAxes.map((a) => a.axis);
  const [open, setOpen] = useState<string[]>([]);
  const scoped = useQuery(FacetsQuery, { filter: filterFromFacets(props.selected, props.benchmark), axes });
  const unscoped = useQuery(
    FacetsQuery,
    { filter: filterFromFacets([], props.benchmark), axes },
    { skip: props.selected.length === 0 },
  );
  const toggle = (pair: string) =>
    props.onChange(
      props.selected.includes(pair) ? props.selected.filter((p) => p !== pair) : [...props.selected, pair],
    );
  return (
    <aside className="facets" aria-label="Filters">
      <h2>
        Filters <small data-testid="image-count">{scoped.data?.images.totalCount ?? '…'} images</small>
      </h2>
      {props.selected.length > 0 && (
        <button type="button" onClick={() => props.onChange([])}>
          Clear filters
        </button>
      )}
      {facetAxes.map((a) => {
        const own = props.selected.some((p) => p.startsWith(`${a.field}:`));
        const facet = (own ? unscoped : scoped).data?.images.facets.find((f) => f.axis === a.axis);
        // Images without a value on the axis (slug null) are counted by the API but cannot be selected here.
        const present = (facet?.values ?? []).flatMap((v) => (v.slug == null ? [] : [{ ...v, slug: v.slug }]));
        if (!present.length) return null;
        const all = open.includes(a.axis);
        const values = all
          ? present
          : present.filter((v, i) => i < SHOWN || props.selected.includes(facetPair(a.field, v.slug)));
        return (
          <fieldset key={a.axis} data-axis={a.axis}>
            <legend>{a.label}</legend>
            {values.map((v) => {
              const pair = facetPair(a.field, v.slug);
              return (
                <label key={pair} className="check">
                  <input type="checkbox" checked={props.selected.includes(pair)} onChange={() => toggle(pair)} />
                  {v.name ?? v.slug} <span className="count">{v.count}</span>
                </label>
              );
            })}
            {present.length > SHOWN && (
              <button
                type="button"
                className="link"
                aria-expanded={all}
                onClick={() => setOpen(all ? open.filter((x) => x !== a.axis) : [...open, a.axis])}
              >
                {all ? 'show fewer' : `show all ${present.length}`}
              </button>
            )}
          </fieldset>
        );
      })}
    </aside>
  );
}
