import type { Cataloger } from "../types.js";
import { apkCataloger } from "./apk.js";
import { dpkgCataloger } from "./dpkg.js";
import { goCataloger } from "./go.js";
import { javaCataloger } from "./java.js";
import { npmCataloger } from "./npm.js";
import { osReleaseCataloger } from "./os-release.js";
import { pythonCataloger } from "./python.js";
import { rpmCataloger } from "./rpm.js";

/** Every cataloger, in the order their components are listed before sorting. */
export function defaultCatalogers(): Cataloger[] {
  return [osReleaseCataloger, dpkgCataloger, apkCataloger, rpmCataloger, npmCataloger, pythonCataloger, goCataloger, javaCataloger];
}

export { apkCataloger, dpkgCataloger, goCataloger, javaCataloger, npmCataloger, osReleaseCataloger, pythonCataloger, rpmCataloger };
