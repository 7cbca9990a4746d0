/**
 * Imported for its side effect: English messages for zod's tree-shakable build (`zod/mini`). Schema files
 * import `* as z from "zod/mini"` themselves; a re-exported namespace would pull every locale and the
 * whole API into the Lambda bundle (about 400 KB minified), where this keeps only what is used.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
