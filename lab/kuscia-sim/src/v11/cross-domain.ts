/** The namespace of 1.1's KusciaJobs and KusciaTasks (pkg/common KusciaCrossDomain). */
export const CROSS_DOMAIN = "cross-domain";
