/** All ops, re-exported. */
export * from "./elementwise";
export * from "./matmul";
export * from "./shape";
export * from "./reduce";
export * from "./activation";
export * from "./loss";
export { broadcastShapes } from "./broadcast";
