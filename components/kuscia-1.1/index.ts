import { Generation } from "../generation";
import { job11 } from "./job";
import { node11 } from "./node";
import { trust11 } from "./trust";

/** Kuscia 1.1.0b0 (1.0.0b0 is the same for this flow): token authentication between nodes, domain.crt exchanged. */
export const kuscia11: Generation = { node: node11, trust: trust11, job: job11 };
