/** E5: connecting to a server on the machine (exfiltration or downloading answers). */
import * as net from "node:net";

function connect(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number("__PORT__"), "127.0.0.1", () => {
      socket.end("exfiltrated");
      resolve();
    });
    socket.on("error", reject);
  });
}

export async function dot(a: number[], b: number[]): Promise<number> {
  await connect();
  return a.reduce((s, ai, i) => s + ai * b[i], 0);
}

export async function axpy(alpha: number, x: number[], y: number[]): Promise<number[]> {
  await connect();
  return x.map((xi, i) => alpha * xi + y[i]);
}
