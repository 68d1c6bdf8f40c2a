package dev.meridian.gateway.plan;

import static dev.meridian.gateway.plan.TestRegions.classify;
import static dev.meridian.gateway.plan.TestRegions.localityOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.ast.BinaryExpr;
import dev.meridian.promql.ast.Call;
import dev.meridian.promql.ast.Expr;
import dev.meridian.promql.parser.Parser;
import org.junit.jupiter.api.Test;

class ClassifyLocalityTest {
    @Test
    void literalsAndTimeAreConstantAndSoIsTheirArithmetic() {
        assertThat(localityOf("1")).isEqualTo(Locality.CONSTANT);
        assertThat(localityOf("\"text\"")).isEqualTo(Locality.CONSTANT);
        assertThat(localityOf("time()")).isEqualTo(Locality.CONSTANT);
        assertThat(localityOf("-(pi() * 2) + time() % 60")).isEqualTo(Locality.CONSTANT);
    }

    @Test
    void selectorsAreLocalAndParenthesesAndUnaryMinusKeepTheirOperands() {
        assertThat(localityOf("x")).isEqualTo(Locality.LOCAL);
        assertThat(localityOf("x{job=\"a\"} offset 5m @ 100")).isEqualTo(Locality.LOCAL);
        assertThat(localityOf("-(x)")).isEqualTo(Locality.LOCAL);
        assertThat(localityOf("-(scalar(x))")).isEqualTo(Locality.GLOBAL);
    }

    @Test
    void everyNodeIsClassifiedByIdentity() {
        Expr expr = Parser.parse("sum(rate(x[5m])) / scalar(y)");
        Localities known = classify(expr);
        BinaryExpr div = (BinaryExpr) expr;
        Call scalar = (Call) div.rhs();
        assertThat(known.of(div)).isEqualTo(Locality.GLOBAL);
        assertThat(known.of(div.lhs())).isEqualTo(Locality.GLOBAL);
        assertThat(known.of(scalar)).isEqualTo(Locality.GLOBAL);
        assertThat(known.of(scalar.args().get(0))).isEqualTo(Locality.LOCAL);
        // An equal node of another tree is a different node.
        assertThatThrownBy(() -> known.of(Parser.parse("scalar(y)")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scalar(y)");
    }
}
