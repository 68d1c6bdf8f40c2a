package dev.meridian.gateway.exec;

import dev.meridian.gateway.region.Listing;
import dev.meridian.gateway.region.QueryResult;
import dev.meridian.gateway.region.StoreResult;

/** What each kind of region answer counts for in the coverage. */
final class Measures {
    private Measures() {}

    static final RegionCalls.Measure<QueryResult> QUERY = new RegionCalls.Measure<>() {
        @Override
        public long series(QueryResult answer) {
            return answer.series().size();
        }

        @Override
        public long samples(QueryResult answer) {
            return ResultSeries.points(answer.series());
        }

        @Override
        public long bytes(QueryResult answer) {
            return answer.wireBytes();
        }
    };

    static final RegionCalls.Measure<StoreResult> STORE = new RegionCalls.Measure<>() {
        @Override
        public long series(StoreResult answer) {
            return answer.series().size();
        }

        @Override
        public long samples(StoreResult answer) {
            return ResultSeries.points(answer.series());
        }

        @Override
        public long bytes(StoreResult answer) {
            return answer.wireBytes();
        }
    };

    /** A listing counts its items as series; it has no samples and reports no size. */
    static <T> RegionCalls.Measure<Listing<T>> listing() {
        return new RegionCalls.Measure<>() {
            @Override
            public long series(Listing<T> answer) {
                return answer.items().size();
            }

            @Override
            public long samples(Listing<T> answer) {
                return 0;
            }

            @Override
            public long bytes(Listing<T> answer) {
                return 0;
            }
        };
    }
}
