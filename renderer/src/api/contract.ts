/**
 * The admin API's types, compiled from the gateway's own contract file so a change on either side
 * fails the renderer's typecheck. Types only: nothing from gateway/ reaches the bundle.
 */
export type * from '../../../gateway/src/admin/api-types';
