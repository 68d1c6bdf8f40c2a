/**
 * The gateway's view of a region ({@link dev.meridian.gateway.region.RegionClient}) and the values
 * its calls exchange; everything above this package (planning, fan-out, merging, the HTTP API)
 * talks to regions only through it.
 */
package dev.meridian.gateway.region;
