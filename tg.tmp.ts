import * as rnn from "./src/index";
const [B, m, d] = [32, 2, 64];
for (const T of [50, 100, 200, 400]) {
  const rng = new rnn.Rng(1);
  const lstm = new rnn.LSTM(m, d, { rng }); const head = new rnn.Linear(d, 1, { rng });
  const opt = new rnn.Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
  const x = rng.randn([B, T, m]); const y = rng.randn([B, 1]);
  const step = () => { const { h } = lstm.forward(x); const loss = rnn.mseLoss(head.forward(rnn.select(h, 0, 0)), y); opt.zeroGrad(); loss.backward(); opt.step(); };
  for (let i = 0; i < 3; i++) step();
  const n = Math.max(3, Math.round(1200 / T));
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  const ms = (performance.now() - t0) / n, cpu = (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000 / n;
  console.log(`T=${T} ${ms.toFixed(1)} ms/step, cpu ${cpu.toFixed(1)}, per T ${(ms / T * 50).toFixed(2)} (per 50 steps)`);
}
