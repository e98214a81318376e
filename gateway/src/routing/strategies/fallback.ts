import type { RoutingStrategy } from './types';

/** The targets in the listed order. */
export const fallback: RoutingStrategy = {
  name: 'fallback',
  order: (branches) => [...branches],
};
