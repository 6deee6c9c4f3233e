import { facetAxes, filterFromFacets } from '../axes';
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

/**
 * Facet checkboxes with image counts for every taxonomy axis. Values of one axis are OR-ed, axes AND-ed. An axis
 * with a selection shows its counts without its own selection (so its other values stay meaningful).
 */
export function FacetFilters(props: {
  selected: string[];
  benchmark?: string;
  onChange: (selected: string[]) => void;
}) {
  const axes = facetAxes.map((a) => a.axis);
  const scoped = useQuery(FacetsQuery, { filter: filterFromFacets(props.selected, props.benchmark), axes });
  const unscoped = useQuery(FacetsQuery, { filter: filterFromFacets([], props.benchmark), axes });
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
        if (!facet?.values.length) return null;
        return (
          <fieldset key={a.axis}>
            <legend>{a.label}</legend>
            {facet.values.map((v) => {
              const pair = `${a.field}:${v.slug}`;
              return (
                <label key={pair} className="check">
                  <input type="checkbox" checked={props.selected.includes(pair)} onChange={() => toggle(pair)} />
                  {v.name ?? v.slug} <span className="count">{v.count}</span>
                </label>
              );
            })}
          </fieldset>
        );
      })}
    </aside>
  );
}
