/**
 * Vega-Lite spec → inline SVG string, server-side (no canvas, no browser, no network).
 *
 * Vega numbers clip paths and gradients from counters (`clip1`, `gradient_0`, …) that restart
 * for each view or keep growing across views. Many SVGs inlined in one HTML document share one
 * id space, so a second chart's `url(#clip1)` would point at the first chart's clip. Every id is
 * therefore renamed with a per-chart prefix, in order of appearance — which also makes the bytes
 * independent of how many charts this process rendered before (same data → same report).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View, Error as VEGA_ERROR, type LoggerInterface } from 'vega';

export interface RenderSvgOptions {
  /** Prefix for every id in the SVG; must be unique within the HTML document. */
  idPrefix: string;
  /** Receives Vega-Lite compile warnings (default: ignored, so rendering never writes to the console). */
  onWarning?: (message: string) => void;
}

export async function renderVegaLiteToSvg(spec: TopLevelSpec, opts: RenderSvgOptions): Promise<string> {
  const onWarning = opts.onWarning ?? (() => undefined);
  const logger = new CallbackLogger(onWarning);
  const vegaSpec = compile(spec, { logger }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none', logLevel: VEGA_ERROR });
  try {
    const svg = await view.toSVG();
    return namespaceSvgIds(stripUnusedXlink(svg), opts.idPrefix);
  } finally {
    view.finalize();
  }
}

/** Rename `id="x"` → `id="<prefix>x"` and every `url(#x)` / `href="#x"` reference to it. */
export function namespaceSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1]!;
    if (!renamed.has(id)) renamed.set(id, `${prefix}${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  const rename = (id: string) => renamed.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_whole, head: string, id: string) => `${head}${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_whole, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_whole, id: string) => `href="#${rename(id)}"`);
}

/** Inline SVG in HTML needs no namespace declarations; drop the xlink one when nothing uses it. */
function stripUnusedXlink(svg: string): string {
  return /\sxlink:[a-z]/.test(svg) ? svg : svg.replace(/\sxmlns:xlink="[^"]*"/, '');
}

/** A vega-lite logger that routes warnings to a callback instead of `console`; errors throw. */
class CallbackLogger implements LoggerInterface {
  private currentLevel = 0;
  constructor(private readonly onWarning: (message: string) => void) {}
  level(): number;
  level(next: number): this;
  level(next?: number): number | this {
    if (next === undefined) return this.currentLevel;
    this.currentLevel = next;
    return this;
  }
  error(...args: readonly unknown[]): this {
    throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
  }
  warn(...args: readonly unknown[]): this {
    this.onWarning(args.map(String).join(' '));
    return this;
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}
