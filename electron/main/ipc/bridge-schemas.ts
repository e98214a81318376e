/**
 * Argument schemas for each bridge method. Typed from the bridge contract, so a signature change
 * in electron/preload/bridge.ts that is not mirrored here fails to compile.
 */
import { z } from 'zod';
import type { BridgeArgs, BridgeMethod } from '../../preload/bridge';
import { isExternalWebUrl } from '../app-origin';

/** Long enough for any real link; short enough that a runaway string is refused cheaply. */
const MAX_URL_LENGTH = 8_192;
/** Config files and curl snippets are copied; a megabyte is generous. */
const MAX_COPY_LENGTH = 1_000_000;

export const bridgeArgSchemas: { [M in BridgeMethod]: z.ZodType<BridgeArgs<M>> } = {
  openExternal: z.tuple([
    z.string().max(MAX_URL_LENGTH).refine(isExternalWebUrl, { message: 'Only http(s) URLs can be opened' }),
  ]),
  revealDataDir: z.tuple([]),
  copyText: z.tuple([z.string().max(MAX_COPY_LENGTH)]),
};
