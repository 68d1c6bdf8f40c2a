/**
 * The results cache: {@link dev.meridian.gateway.cache.CachingRegionClient} answers a region's
 * range queries from per-window results held in a shared {@link
 * dev.meridian.gateway.cache.ResultsCache}. See global-gateway/docs/region-client.md.
 */
package dev.meridian.gateway.cache;
