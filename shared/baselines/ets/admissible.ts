/**
 * Forecastability ("admissible" region) of a seasonal ETS model with additive-type dynamics,
 * Hyndman et al. (2008, §10.3) as implemented by R's `forecast:::admissible`: with β = 0 if there
 * is no trend and φ = 1 if undamped, the parameters must satisfy
 *
 *   max(1 − 1/φ − α, 0) < γ < 1 + 1/φ − α,
 *   α > 1 − 1/φ − γ (1 − m + φ + φ m) / (2 φ m),
 *   β > −(1 − φ)(γ/m + α),
 *
 * and all roots of the characteristic polynomial
 *
 *   P(z) = z^{m+1} + (α+β−φ) z^m + (α+β−αφ)(z^{m−1} + … + z²) + (α+β−αφ+γ−1) z + φ(1−α−γ)
 *
 * must have modulus ≤ 1 + 1e-10. R finds the roots with `cpolyroot`; here the Schur–Cohn
 * recursion decides the same question without computing roots: the roots of p(z) lie in the
 * open unit disk iff |p_0| < |p_d| and the degree-(d−1) polynomial (p_d·p(z) − p_0·p*(z))/z,
 * p* the reversed polynomial, has the same property (Marden 1966, Thm 43.1). The 1e-10 slack is
 * applied by testing p((1 + 1e-10) z).
 *
 * Non-seasonal models (m = 1 or γ absent) need only 1 − 1/φ < α < 1 + 1/φ and
 * α(φ − 1) < β < (1 + φ)(2 − α). `work` is scratch of length ≥ 2m + 4 (no allocation).
 */
export function admissible(
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  m: number,
  hasTrend: boolean,
  hasSeason: boolean,
  work: Float64Array,
): boolean {
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (!hasSeason || m <= 1) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (hasTrend && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  const b = hasTrend ? beta : 0;
  const d = 1 - 1 / phi - alpha;
  if (gamma < (d > 0 ? d : 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (b < -(1 - phi) * (gamma / m + alpha)) return false;

  // Coefficients c[k] of z^k, degree m + 1, scaled by r^k (r = 1 + 1e-10).
  const deg = m + 1;
  const r = 1 + 1e-10;
  const c = work;
  c[0] = phi * (1 - alpha - gamma);
  c[1] = alpha + b - alpha * phi + gamma - 1;
  for (let k = 2; k <= m - 1; k++) c[k] = alpha + b - alpha * phi;
  c[m] = alpha + b - phi;
  c[m + 1] = 1;
  let rk = 1;
  for (let k = 0; k <= deg; k++) {
    c[k] = c[k]! * rk;
    rk *= r;
  }
  return schurStable(c, deg);
}

/**
 * True when all roots of Σ_{k≤d} c[k] z^k lie strictly inside the unit circle. Uses c[0..d] and
 * c[d+1..2d+1] as ping-pong buffers (length ≥ 2d + 2); overwrites them.
 */
function schurStable(c: Float64Array, degree: number): boolean {
  let src = 0;
  let dst = degree + 1;
  for (let d = degree; d > 0; d--) {
    const lead = c[src + d]!;
    const c0 = c[src]!;
    if (!(Math.abs(c0) < Math.abs(lead))) return false;
    // (lead·p(z) − c0·p*(z)) / z, divided by lead.
    const ratio = c0 / lead;
    for (let k = 0; k < d; k++) c[dst + k] = c[src + k + 1]! - ratio * c[src + d - 1 - k]!;
    const t = src;
    src = dst;
    dst = t;
  }
  return true;
}
