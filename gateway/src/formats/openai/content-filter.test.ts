import { describe, expect, it } from 'vitest';
import { filteredCategories } from './content-filter';

describe('filteredCategories', () => {
  it('names the filtered categories with their severity, leaving out those that passed', () => {
    const error = {
      code: 'content_filter',
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: {
          hate: { filtered: false, severity: 'safe' },
          jailbreak: { filtered: true, detected: true },
          violence: { filtered: true, severity: 'high' },
          custom_blocklists: { filtered: true, details: [{ filtered: true, id: 'brand-names' }, { filtered: false, id: 'other' }] },
        },
      },
    };
    expect(filteredCategories(error)).toBe('jailbreak, violence (high), custom_blocklists (brand-names)');
  });

  it('reads the plural spelling some API versions use, and nothing from a body without results', () => {
    expect(filteredCategories({ innererror: { content_filter_results: { sexual: { filtered: true, severity: 'medium' } } } })).toBe('sexual (medium)');
    expect(filteredCategories({ code: 'content_filter', message: 'The response was filtered' })).toBeUndefined();
    expect(filteredCategories({ innererror: { content_filter_result: { hate: { filtered: false, severity: 'low' } } } })).toBeUndefined();
  });
});
