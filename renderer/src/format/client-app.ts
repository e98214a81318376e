/**
 * The app behind a call, named by the gateway's own module so the Logs page (which names each
 * row) and the Costs page (whose spend by app the gateway groups) always agree. It is pure and
 * import-free, the one runtime module the renderer takes from gateway/src (see its header).
 */
export { clientApp, UNKNOWN_APP } from '../../../gateway/src/admin/client-app';
