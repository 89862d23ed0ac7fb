package io.relais.common.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON is read strictly: a number is not a name, a date is not a number, a duplicated key or
 * trailing garbage is an error. Lenient coercion would store what the client did not mean.
 * Every string is normalised to Unicode NFC on the way in, so that "é" typed as one code point
 * or as "e" plus a combining accent is one name, stored and compared once.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        for (LogicalType scalar : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean,
                LogicalType.Integer, LogicalType.Float, LogicalType.DateTime, LogicalType.Enum}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.Integer, scalar == LogicalType.Integer || scalar == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, scalar == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, scalar == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, scalar == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("relais-nfc")
                .addDeserializer(String.class, new NfcStrings()));
        for (Class<?> temporal : new Class<?>[] {java.time.LocalDate.class, java.time.Instant.class,
                java.time.OffsetDateTime.class}) {
            mapper.coercionConfigFor(temporal)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        }
    }

    /** Jackson's own string reading, then NFC. */
    static final class NfcStrings extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String> {

        NfcStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                  com.fasterxml.jackson.databind.DeserializationContext context) throws java.io.IOException {
            String value = com.fasterxml.jackson.databind.deser.std.StringDeserializer.instance.deserialize(parser, context);
            return value == null || java.text.Normalizer.isNormalized(value, java.text.Normalizer.Form.NFC)
                    ? value : java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFC);
        }

        @Override
        public com.fasterxml.jackson.databind.type.LogicalType logicalType() {
            return com.fasterxml.jackson.databind.type.LogicalType.Textual;
        }
    }
}
