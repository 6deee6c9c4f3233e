import { describe, expect, it } from 'vitest';
import { filterFromOptions } from './cli-filter.js';

describe('CLI filter options → ImageFilter', () => {
  it('gives null without options, one filter for one option, an AND for several', () => {
    expect(filterFromOptions({})).toBeNull();
    expect(filterFromOptions({ benchmark: ['ubench-demo'] })).toEqual({ benchmark: { slugIn: ['ubench-demo'] } });
    expect(filterFromOptions({ modality: ['light', 'fluo'], ids: ['3', '4'], filter: '{"synthetic": false}' })).toEqual(
      {
        and: [{ modality: { slugIn: ['light', 'fluo'] } }, { ids: [3, 4] }, { synthetic: false }],
      },
    );
  });

  it('names the bad part of a filter', () => {
    expect(() => filterFromOptions({ ids: ['x'] })).toThrow('bad filter at ids.0: expected a numeric id');
    expect(() => filterFromOptions({ filter: '{nope' })).toThrow(/^--filter is not JSON: /);
  });
});
