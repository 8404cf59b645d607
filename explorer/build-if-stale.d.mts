/** What the build depends on, relative to the repository root. */
export declare const EXPLORER_SOURCES: readonly string[];
/** The build's page, relative to the repository root. */
export declare const EXPLORER_BUILD_PAGE: string;

export type ExplorerBuildState = 'missing' | 'outdated' | 'current';

/** Whether the explorer needs building in the repository at `root` (default: this repository), and why. */
export declare function explorerBuildState(root?: string): ExplorerBuildState;

/** Builds the explorer (npm run build:explorer) when it is missing or outdated; returns what happened. */
export declare function buildExplorerIfStale(options?: {
  root?: string;
  log?: (line: string) => void;
  stdio?: 'inherit' | 'pipe' | 'ignore';
}): 'current' | 'built' | 'no-vite' | 'failed';
