/**
 * Regions over the network: {@link dev.meridian.gateway.transport.GrpcRegionClient}, a {@link
 * dev.meridian.gateway.region.RegionClient} over region.proto's gRPC service at a region's read
 * coordinators, with per-call deadlines, hedged requests, a circuit breaker and trace context
 * propagation; configured by {@link dev.meridian.gateway.transport.RegionClientConfig}. See
 * global-gateway/docs/region-client.md.
 */
package dev.meridian.gateway.transport;
