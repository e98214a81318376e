import type { RoutingStrategy } from './types';

/** Exactly the first target (config validation allows only one). */
export const single: RoutingStrategy = {
  name: 'single',
  order: (branches) => branches.slice(0, 1),
};
