package org.playhead.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * Typed reads of optional JSON fields that collect a field error instead of throwing, so one answer
 * can list every bad field. Absent and {@code null} both mean "not given".
 */
final class JsonFields {
  private final JsonNode node;
  private final String prefix;
  private final List<Problem.FieldError> errors;

  JsonFields(JsonNode node, String prefix, List<Problem.FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** The field as text, {@code ""} when absent. */
  String text(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      errors.add(new Problem.FieldError(prefix + field, "must be a string"));
      return "";
    }
    return value.textValue();
  }

  /** The field as a whole number, {@code absent} when not given. */
  long integer(String field, long absent) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      errors.add(new Problem.FieldError(prefix + field, "must be a whole number"));
      return absent;
    }
    return value.longValue();
  }

  /** An array of strings; empty when absent. */
  java.util.List<String> textList(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return java.util.List.of();
    }
    java.util.List<String> items = new java.util.ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          errors.add(new Problem.FieldError(prefix + field, "must be an array of strings"));
          return java.util.List.of();
        }
        items.add(item.textValue());
      }
      return items;
    }
    errors.add(new Problem.FieldError(prefix + field, "must be an array of strings"));
    return java.util.List.of();
  }

  boolean bool(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      errors.add(new Problem.FieldError(prefix + field, "must be true or false"));
      return false;
    }
    return value.booleanValue();
  }

  /** A nested object; an empty one when absent. */
  JsonFields object(String field) {
    JsonNode value = node.get(field);
    if (value != null && !value.isNull() && !value.isObject()) {
      errors.add(new Problem.FieldError(prefix + field, "must be an object"));
    }
    JsonNode nested =
        value != null && value.isObject() ? value : JsonNodeFactory.instance.objectNode();
    return new JsonFields(nested, prefix + field + ".", errors);
  }

  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }
}
