import { compileCondition } from '../conditions/evaluate';
import type { RoutingStrategy } from './types';

/** The first rule whose `when` matches the request, else the default: one branch. */
export const conditional: RoutingStrategy = {
  name: 'conditional',
  order(branches, { facts }) {
    const match = facts.byNameOnly
      ? undefined
      : branches.find((branch) => !branch.isDefault && branch.when !== undefined && compileCondition(branch.when)(facts));
    const chosen = match ?? branches.find((branch) => branch.isDefault);
    return chosen ? [chosen] : [];
  },
};
