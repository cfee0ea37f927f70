/**
 * `faultline/worlds`: the built-in worlds, each as a namespace with its world model, tools,
 * checkers and task families (`filesystem.renameSymbolFamily`, `mockWeb.MOCK_WEB_FAMILIES`, ...).
 *
 * Importing this entry registers the built-in envs, the perturbation catalog and the reference
 * teams (idempotent).
 */
import { loadBuiltins } from '../builtins.js';

export { registerBuiltinEnvs, filesystem, flakyApi, deploy, mockWeb, pipeline } from '../../environments/index.js';

loadBuiltins();
