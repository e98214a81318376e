/**
 * The schema's history, in order. To change the schema, add `NNN-what.ts` exporting `sql` and
 * append it here; never edit a migration that has shipped. They are TS modules rather than
 * .sql files so bundlers inline them.
 */
import { sql as requestLog } from './001-request-log';
import { sql as responseCache } from './002-response-cache';
import { sql as gatewayKeys } from './003-gateway-keys';
import { sql as responseCacheSlots } from './004-response-cache-slots';
import { sql as responseCacheIds } from './005-response-cache-ids';
import { sql as requestLogErrorsIndex } from './006-request-log-errors-index';
import { sql as spendDailyTeam } from './007-spend-daily-team';
import { sql as spendDailyPaid } from './008-spend-daily-paid';
import { sql as auditLog } from './009-audit-log';
import { sql as requestLogClient } from './010-request-log-client';
import { sql as responseOwners } from './011-response-owners';
import { sql as servedModels } from './012-served-models';
import { sql as requestLogFilterIndexes } from './013-request-log-filter-indexes';
import { sql as responseOwnersUnbilled } from './014-response-owners-unbilled';
import { sql as requestLogOverhead } from './015-request-log-overhead';
import { sql as requestLogHeaders } from './016-request-log-headers';
import { sql as requestLogTeam } from './017-request-log-team';
import { sql as responseCacheFormat } from './018-response-cache-format';

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; must be 1, 2, 3, ... in order. */
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'request-log', sql: requestLog },
  { version: 2, name: 'response-cache', sql: responseCache },
  { version: 3, name: 'gateway-keys', sql: gatewayKeys },
  { version: 4, name: 'response-cache-slots', sql: responseCacheSlots },
  { version: 5, name: 'response-cache-ids', sql: responseCacheIds },
  { version: 6, name: 'request-log-errors-index', sql: requestLogErrorsIndex },
  { version: 7, name: 'spend-daily-team', sql: spendDailyTeam },
  { version: 8, name: 'spend-daily-paid', sql: spendDailyPaid },
  { version: 9, name: 'audit-log', sql: auditLog },
  { version: 10, name: 'request-log-client', sql: requestLogClient },
  { version: 11, name: 'response-owners', sql: responseOwners },
  { version: 12, name: 'served-models', sql: servedModels },
  { version: 13, name: 'request-log-filter-indexes', sql: requestLogFilterIndexes },
  { version: 14, name: 'response-owners-unbilled', sql: responseOwnersUnbilled },
  { version: 15, name: 'request-log-overhead', sql: requestLogOverhead },
  { version: 16, name: 'request-log-headers', sql: requestLogHeaders },
  { version: 17, name: 'request-log-team', sql: requestLogTeam },
  { version: 18, name: 'response-cache-format', sql: responseCacheFormat },
];
