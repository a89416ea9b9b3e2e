// The root program's own modules: its stack config and the lab's defaults. Not part of the library.
export * from "./config";
export * from "./labHosts";
export * from "./nodeConfig";
