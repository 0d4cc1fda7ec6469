// Build and dependency files: the detector for each build language (no grammar; see src/detect/build/).
import type { BuildLanguage, RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { detectBazel } from './bazel.js';
import { detectCMake } from './cmake.js';
import { detectCondaEnv } from './conda.js';
import { detectDockerfile } from './dockerfile.js';
import { detectMake } from './make.js';
import { detectPyproject } from './pyproject.js';
import { detectPipRequirements } from './requirements.js';
import { detectSetupCfg } from './setup-cfg.js';

const DETECTORS: Record<BuildLanguage, (text: string, table: MatchTable) => RawFinding[]> = {
  cmake: detectCMake,
  make: detectMake,
  bazel: detectBazel,
  dockerfile: detectDockerfile,
  'pip-requirements': detectPipRequirements,
  pyproject: detectPyproject,
  'setup-cfg': detectSetupCfg,
  'conda-env': detectCondaEnv,
};

/** Findings of one build or dependency file, in file order. */
export function detectBuildFile(language: BuildLanguage, text: string, table: MatchTable): RawFinding[] {
  return DETECTORS[language](text, table).sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}
