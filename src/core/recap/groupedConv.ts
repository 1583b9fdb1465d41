/**
 * Grouped convolution arithmetic (the recap's ResNeXt slide): a conv with `groups` splits its input
 * channels into `groups` slices, convolves each with its own `cout/groups` filters of depth
 * `cin/groups`, and concatenates the results. It equals one dense conv whose kernel is zero outside
 * the diagonal blocks — `blockDiagonalKernel` builds that kernel, so the equality can be computed.
 *
 * Counts: weights k·k·(cin/g)·cout (+ cout biases when `bias`), multiply-adds k·k·(cin/g)·cout per
 * output position ('same' padding, stride 1 here: positions = h·w).
 */

export interface GroupedConvShape {
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly groups: number;
}

/** The lecture's example: a 32×32×256 input, 128 filters 3×3, 32 groups. */
export const LECTURE_GROUPED: GroupedConvShape = { h: 32, w: 32, cin: 256, cout: 128, k: 3, groups: 32 };

export interface GroupedConvCost {
  readonly cinPerGroup: number;
  readonly filtersPerGroup: number;
  readonly weights: number;
  readonly macs: number;
  readonly denseWeights: number;
  readonly denseMacs: number;
  /** dense / grouped (= groups). */
  readonly ratio: number;
}

export function validGroups(cin: number, cout: number, groups: number): boolean {
  return Number.isInteger(groups) && groups >= 1 && cin % groups === 0 && cout % groups === 0;
}

export function groupedConvCost(s: GroupedConvShape): GroupedConvCost {
  if (!validGroups(s.cin, s.cout, s.groups)) throw new Error(`${s.cin} input and ${s.cout} output channels cannot be split into ${s.groups} groups`);
  const cinPerGroup = s.cin / s.groups;
  const filtersPerGroup = s.cout / s.groups;
  const weights = s.k * s.k * cinPerGroup * s.cout;
  const denseWeights = s.k * s.k * s.cin * s.cout;
  return { cinPerGroup, filtersPerGroup, weights, macs: weights * s.h * s.w, denseWeights, denseMacs: denseWeights * s.h * s.w, ratio: denseWeights / weights };
}

/**
 * The dense [k, k, cin, cout] (HWIO) kernel equal to a grouped conv: group `g`'s kernel
 * [k, k, cin/G, cout/G] goes to input channels g·cin/G… and output channels g·cout/G…, zeros elsewhere.
 */
export function blockDiagonalKernel(groupKernels: readonly Float32Array[], k: number, cin: number, cout: number): Float32Array {
  const G = groupKernels.length;
  if (!validGroups(cin, cout, G)) throw new Error(`${cin}→${cout} channels cannot be split into ${G} groups`);
  const ci = cin / G;
  const co = cout / G;
  const out = new Float32Array(k * k * cin * cout);
  groupKernels.forEach((gk, g) => {
    if (gk.length !== k * k * ci * co) throw new Error(`group ${g}: kernel has ${gk.length} values, expected ${k * k * ci * co}`);
    for (let p = 0; p < k * k; p++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[(p * cin + g * ci + i) * cout + g * co + o] = gk[(p * ci + i) * co + o]!;
  });
  return out;
}

/** Share of zeros in the block-diagonal kernel: 1 − 1/G. */
export function blockDiagonalZeroShare(groups: number): number {
  return 1 - 1 / groups;
}
