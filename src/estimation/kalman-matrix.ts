/**
 * The Kalman filter for a vector linear-Gaussian state-space model with a known input, and the
 * tools to build such a model from a continuous-time system (the scalar filter and the RTS smoother
 * are in ./kalman.ts):
 *
 * $$s_{t+1} = A s_t + B u_t + w_t,\ w_t \sim \mathcal N(0, Q), \qquad y_t = H s_t + v_t,\ v_t \sim \mathcal N(0, R),
 *   \qquad s_0 \sim \mathcal N(m_0, P_0).$$
 *
 * Filter, for t = 0..T-1 (predicted m⁻_0 = m_0, P⁻_0 = P_0):
 *   m⁻_t = A m_{t-1} + B u_{t-1},   P⁻_t = A P_{t-1} Aᵀ + Q,
 *   S_t = H P⁻_t Hᵀ + R,   K_t = P⁻_t Hᵀ S_t⁻¹,
 *   m_t = m⁻_t + K_t (y_t - H m⁻_t),   P_t = (I - K_t H) P⁻_t.
 * The covariances and gains do not depend on the data; for a detectable, stabilisable model they
 * converge to a steady state (`steadyStateKalman`). With the constant gain K the filter becomes a
 * linear recurrent network with fixed weights:
 *   m_t = (I - K H) A m_{t-1} + (I - K H) B u_{t-1} + K y_t.
 *
 * Matrices are plain row-major arrays of rows (number[][]): these are small (a few states).
 */

/** A dense matrix as an array of rows. */
export type DenseMatrix = number[][];

/** A vector linear-Gaussian state-space model with a known input (see the module comment). */
export interface LinearStateSpace {
  /** State transition A [n × n]. */
  A: DenseMatrix;
  /** Input matrix B [n × m]; [] (or rows of length 0) when the model has no input. */
  B: DenseMatrix;
  /** Observation matrix H [p × n]. */
  H: DenseMatrix;
  /** Process noise covariance Q [n × n] (symmetric, positive semi-definite). */
  Q: DenseMatrix;
  /** Observation noise covariance R [p × p] (symmetric, positive definite). */
  R: DenseMatrix;
  /** Prior mean of the first state m₀ [n]. */
  m0: number[];
  /** Prior covariance of the first state P₀ [n × n]. */
  P0: DenseMatrix;
}

function shapeOf(M: DenseMatrix): string {
  return `${M.length}×${M.length > 0 ? M[0].length : 0}`;
}

function checkMatrix(fn: string, name: string, M: DenseMatrix, rows: number, cols: number): void {
  if (!Array.isArray(M) || M.length !== rows || M.some((r) => !r || r.length !== cols)) {
    throw new Error(`${fn}: ${name} must be ${rows}×${cols}, got ${Array.isArray(M) ? shapeOf(M) : String(M)}`);
  }
  M.forEach((r, i) =>
    r.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`${fn}: ${name}[${i}][${j}] is ${v}`);
    }),
  );
}

/** Checks every shape of the model; returns n (states), m (inputs) and p (observations). */
export function checkLinearStateSpace(fn: string, model: LinearStateSpace): { n: number; m: number; p: number } {
  const n = model.A.length;
  if (n === 0) throw new Error(`${fn}: A is empty`);
  const p = model.H.length;
  if (p === 0) throw new Error(`${fn}: H is empty`);
  const m = model.B.length > 0 ? model.B[0].length : 0;
  checkMatrix(fn, "A", model.A, n, n);
  if (model.B.length > 0) checkMatrix(fn, "B", model.B, n, m);
  checkMatrix(fn, "H", model.H, p, n);
  checkMatrix(fn, "Q", model.Q, n, n);
  checkMatrix(fn, "R", model.R, p, p);
  checkMatrix(fn, "P0", model.P0, n, n);
  if (model.m0.length !== n) throw new Error(`${fn}: m0 has ${model.m0.length} entries, expected ${n}`);
  return { n, m, p };
}

/** DenseMatrix product. */
export function matMul(X: DenseMatrix, Y: DenseMatrix): DenseMatrix {
  const k = Y.length;
  if (X.length > 0 && X[0].length !== k) throw new Error(`matMul: inner sizes differ (${shapeOf(X)} · ${shapeOf(Y)})`);
  const cols = k > 0 ? Y[0].length : 0;
  return X.map((row) => {
    const out = new Array<number>(cols).fill(0);
    for (let j = 0; j < k; j++) {
      const a = row[j];
      if (a === 0) continue;
      const y = Y[j];
      for (let c = 0; c < cols; c++) out[c] += a * y[c];
    }
    return out;
  });
}

/** Transpose. */
export function matTranspose(X: DenseMatrix): DenseMatrix {
  const cols = X.length > 0 ? X[0].length : 0;
  const out: DenseMatrix = [];
  for (let c = 0; c < cols; c++) out.push(X.map((r) => r[c]));
  return out;
}

function matAdd(X: DenseMatrix, Y: DenseMatrix, s = 1): DenseMatrix {
  return X.map((r, i) => r.map((v, j) => v + s * Y[i][j]));
}

/** The n × n identity. */
export function identityMatrix(n: number): DenseMatrix {
  const I: DenseMatrix = [];
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(n).fill(0);
    r[i] = 1;
    I.push(r);
  }
  return I;
}

/** Inverse by Gauss–Jordan elimination with partial pivoting (small, well-conditioned matrices). */
export function matInverse(X: DenseMatrix): DenseMatrix {
  const n = X.length;
  if (X.some((r) => r.length !== n)) throw new Error(`matInverse: matrix must be square, got ${shapeOf(X)}`);
  const a = X.map((r, i) => [...r, ...identityMatrix(n)[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) < 1e-300) throw new Error(`matInverse: matrix is singular (no pivot in column ${c})`);
    [a[c], a[piv]] = [a[piv], a[c]];
    const d = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c || a[r][c] === 0) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((r) => r.slice(n));
}

function matVec(X: DenseMatrix, v: ArrayLike<number>): number[] {
  return X.map((r) => {
    let s = 0;
    for (let j = 0; j < r.length; j++) s += r[j] * v[j];
    return s;
  });
}

function symmetrise(P: DenseMatrix): DenseMatrix {
  return P.map((r, i) => r.map((v, j) => 0.5 * (v + P[j][i])));
}

/**
 * DenseMatrix exponential e^M by scaling and squaring with a degree-18 Taylor series: M is scaled by
 * 2^-s so that its max-row-sum norm is below 1/2, the series is summed, and the result squared s
 * times. Accurate to rounding for the small, modestly sized matrices used here.
 */
export function matrixExp(M: DenseMatrix): DenseMatrix {
  const n = M.length;
  if (M.some((r) => r.length !== n)) throw new Error(`matrixExp: matrix must be square, got ${shapeOf(M)}`);
  let norm = 0;
  for (const r of M)
    norm = Math.max(
      norm,
      r.reduce((s, v) => s + Math.abs(v), 0),
    );
  if (!Number.isFinite(norm)) throw new Error("matrixExp: matrix holds a non-finite value");
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const X = M.map((r) => r.map((v) => v / Math.pow(2, s)));
  let term = identityMatrix(n);
  let sum = identityMatrix(n);
  for (let k = 1; k <= 18; k++) {
    term = matMul(term, X).map((r) => r.map((v) => v / k));
    sum = matAdd(sum, term);
  }
  for (let i = 0; i < s; i++) sum = matMul(sum, sum);
  return sum;
}

/**
 * Exact discretisation of ds/dt = Ac s + Bc u(t) over a step dt with u held constant during the step
 * (zero-order hold): A = e^{Ac dt}, B = ∫₀^dt e^{Ac τ} dτ Bc, both read off the exponential of the
 * block matrix [[Ac, Bc], [0, 0]]·dt.
 */
export function discretizeZoh(Ac: DenseMatrix, Bc: DenseMatrix, dt: number): { A: DenseMatrix; B: DenseMatrix } {
  const n = Ac.length;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new Error(`discretizeZoh: dt must be a positive number, got ${dt}`);
  checkMatrix("discretizeZoh", "Ac", Ac, n, n);
  const m = Bc.length > 0 ? Bc[0].length : 0;
  checkMatrix("discretizeZoh", "Bc", Bc, n, m);
  const big: DenseMatrix = [];
  for (let i = 0; i < n + m; i++) {
    const row = new Array<number>(n + m).fill(0);
    if (i < n) for (let j = 0; j < n + m; j++) row[j] = (j < n ? Ac[i][j] : Bc[i][j - n]) * dt;
    big.push(row);
  }
  const E = matrixExp(big);
  return { A: E.slice(0, n).map((r) => r.slice(0, n)), B: E.slice(0, n).map((r) => r.slice(n)) };
}

/** Output of `kalmanFilterMatrix` (T steps, n states, p observations per step; row-major). */
export interface MatrixKalmanResult {
  /** Filtered means m_t = E[s_t | y_0..y_t], [T × n]. */
  mean: Float64Array;
  /** Predicted means m⁻_t = E[s_t | y_0..y_{t-1}], [T × n]. */
  predictedMean: Float64Array;
  /** Filtered covariances P_t, [T × n × n]. */
  covariance: Float64Array;
  /** Predicted covariances P⁻_t, [T × n × n]. */
  predictedCovariance: Float64Array;
  /** Gains K_t, [T × n × p]. */
  gain: Float64Array;
  /** Innovation covariances S_t = H P⁻_t Hᵀ + R, [T × p × p]: the error covariance of predicting y_t from y_0..y_{t-1}. */
  innovationCovariance: Float64Array;
  /** log p(y_0..y_{T-1}) under the model (natural log). */
  logLikelihood: number;
}

/**
 * Runs the Kalman filter (module comment) over observations y [T × p] and, when the model has
 * inputs, known inputs u [T × m] (u_t acts between steps t and t+1, so u of the last step is unused).
 */
export function kalmanFilterMatrix(
  model: LinearStateSpace,
  y: readonly ArrayLike<number>[],
  u?: readonly ArrayLike<number>[],
): MatrixKalmanResult {
  const { n, m, p } = checkLinearStateSpace("kalmanFilterMatrix", model);
  const T = y.length;
  if (T === 0) throw new Error("kalmanFilterMatrix: y holds no observations");
  if (m > 0 && (!u || u.length < T - 1))
    throw new Error(
      `kalmanFilterMatrix: the model has ${m} inputs, so u needs at least ${T - 1} steps, got ${u ? u.length : "none"}`,
    );
  const At = matTranspose(model.A);
  const Ht = matTranspose(model.H);
  const I = identityMatrix(n);
  const out: MatrixKalmanResult = {
    mean: new Float64Array(T * n),
    predictedMean: new Float64Array(T * n),
    covariance: new Float64Array(T * n * n),
    predictedCovariance: new Float64Array(T * n * n),
    gain: new Float64Array(T * n * p),
    innovationCovariance: new Float64Array(T * p * p),
    logLikelihood: 0,
  };
  let mPrev = model.m0.slice();
  let PPrev = model.P0;
  for (let t = 0; t < T; t++) {
    const yt = y[t];
    if (yt.length !== p) throw new Error(`kalmanFilterMatrix: y[${t}] has ${yt.length} values, H has ${p} rows`);
    let mPred: number[];
    let PPred: DenseMatrix;
    if (t === 0) {
      mPred = model.m0.slice();
      PPred = model.P0;
    } else {
      mPred = matVec(model.A, mPrev);
      if (m > 0) {
        const ut = (u as readonly ArrayLike<number>[])[t - 1];
        if (ut.length !== m)
          throw new Error(`kalmanFilterMatrix: u[${t - 1}] has ${ut.length} values, B has ${m} columns`);
        const bu = matVec(model.B, ut);
        mPred = mPred.map((v, i) => v + bu[i]);
      }
      PPred = matAdd(matMul(matMul(model.A, PPrev), At), model.Q);
    }
    const S = matAdd(matMul(matMul(model.H, PPred), Ht), model.R);
    const Sinv = matInverse(S);
    const K = matMul(matMul(PPred, Ht), Sinv);
    const innov = matVec(model.H, mPred).map((v, i) => yt[i] - v);
    const mNew = mPred.map((v, i) => v + K[i].reduce((s, k, j) => s + k * innov[j], 0));
    const PNew = symmetrise(matMul(matAdd(I, matMul(K, model.H), -1), PPred));
    // log N(innov; 0, S) = -½ (p log 2π + log|S| + innovᵀ S⁻¹ innov)
    const quad = innov.reduce((s, a, i) => s + a * Sinv[i].reduce((z, b, j) => z + b * innov[j], 0), 0);
    out.logLikelihood += -0.5 * (p * Math.log(2 * Math.PI) + logDetSpd(S) + quad);
    out.mean.set(mNew, t * n);
    out.predictedMean.set(mPred, t * n);
    for (let i = 0; i < n; i++) {
      out.covariance.set(PNew[i], (t * n + i) * n);
      out.predictedCovariance.set(PPred[i], (t * n + i) * n);
      out.gain.set(K[i], (t * n + i) * p);
    }
    for (let i = 0; i < p; i++) out.innovationCovariance.set(S[i], (t * p + i) * p);
    mPrev = mNew;
    PPrev = PNew;
  }
  return out;
}

/** log-determinant of a symmetric positive-definite matrix by Cholesky decomposition. */
function logDetSpd(S: DenseMatrix): number {
  const n = S.length;
  const L: DenseMatrix = S.map(() => new Array<number>(n).fill(0));
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    let d = S[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (!(d > 0)) throw new Error("kalmanFilterMatrix: innovation covariance is not positive definite (check R > 0)");
    L[j][j] = Math.sqrt(d);
    logDet += 2 * Math.log(L[j][j]);
    for (let i = j + 1; i < n; i++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  return logDet;
}

/** The steady state of the Kalman filter's covariance recursion. */
export interface SteadyStateKalman {
  /** Steady-state gain K [n × p]. */
  gain: DenseMatrix;
  /** Steady-state predicted covariance P⁻ [n × n] (fixed point of the Riccati recursion). */
  predictedCovariance: DenseMatrix;
  /** Steady-state filtered covariance P = (I - K H) P⁻. */
  covariance: DenseMatrix;
  /** Steady-state innovation covariance S = H P⁻ Hᵀ + R: the smallest achievable error covariance of a one-step-ahead prediction of y. */
  innovationCovariance: DenseMatrix;
  /** Iterations the Riccati recursion took to converge. */
  iterations: number;
}

/**
 * Iterates the Riccati recursion P⁻ ← A (P⁻ - P⁻Hᵀ(HP⁻Hᵀ+R)⁻¹HP⁻) Aᵀ + Q from P⁻ = P₀ until the
 * largest change is below `tol` (relative to the largest entry); throws if it does not converge
 * within `maxIterations` (the model is then not detectable/stabilisable).
 */
export function steadyStateKalman(
  model: LinearStateSpace,
  options: { tol?: number; maxIterations?: number } = {},
): SteadyStateKalman {
  const { n } = checkLinearStateSpace("steadyStateKalman", model);
  const tol = options.tol ?? 1e-14;
  const maxIt = options.maxIterations ?? 100000;
  const At = matTranspose(model.A);
  const Ht = matTranspose(model.H);
  const I = identityMatrix(n);
  let P = model.P0;
  for (let it = 1; it <= maxIt; it++) {
    const S = matAdd(matMul(matMul(model.H, P), Ht), model.R);
    const K = matMul(matMul(P, Ht), matInverse(S));
    const Pf = symmetrise(matMul(matAdd(I, matMul(K, model.H), -1), P));
    const next = symmetrise(matAdd(matMul(matMul(model.A, Pf), At), model.Q));
    let change = 0;
    let scale = 0;
    next.forEach((r, i) =>
      r.forEach((v, j) => {
        change = Math.max(change, Math.abs(v - P[i][j]));
        scale = Math.max(scale, Math.abs(v));
      }),
    );
    P = next;
    if (change <= tol * Math.max(scale, 1e-300)) {
      const Sss = matAdd(matMul(matMul(model.H, P), Ht), model.R);
      const Kss = matMul(matMul(P, Ht), matInverse(Sss));
      return {
        gain: Kss,
        predictedCovariance: P,
        covariance: symmetrise(matMul(matAdd(I, matMul(Kss, model.H), -1), P)),
        innovationCovariance: Sss,
        iterations: it,
      };
    }
  }
  throw new Error(
    `steadyStateKalman: the Riccati recursion did not converge in ${maxIt} iterations (is the model detectable and stabilisable?)`,
  );
}
