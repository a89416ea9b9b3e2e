import { Generation } from "../generation";
import { job03 } from "./job";
import { node03 } from "./node";
import { trust03 } from "./trust";

/** Kuscia 0.3.0b0, the seed's generation: MTLS between nodes, CSRs signed by each partner. */
export const kuscia03: Generation = { node: node03, trust: trust03, job: job03 };
