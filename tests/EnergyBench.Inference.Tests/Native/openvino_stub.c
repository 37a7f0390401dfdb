/* A stand-in for libopenvino_c.so that the tests compile with the machine's C compiler, so the suite's own OpenVINO
   binding is exercised for real (symbol lookup, the variadic compile call, shapes passed by value, ownership) without
   OpenVINO. ov_core_create reads a script of key=value lines from the file named by OV_STUB_SCRIPT:
     layers=N         decoder layers the model claims (inputs/outputs named as an Optimum export)
     vocab=N          logits width
     tokens=5,7,9     the argmax of the last position's logits, one per infer (the last one repeats)
     fail=NAME:RC     make the entry point NAME return status RC (with a last-error message)
     log=PATH         append one line per call worth checking
   Infer checks the past it is given against the presents it produced last time, so a binding that feeds the cache
   back wrongly fails with PARAMETER_MISMATCH. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int64_t rank; int64_t *dims; } ov_shape_t;
typedef struct { const char *buildNumber; const char *description; } ov_version_t;
typedef struct { int type; int64_t rank; int64_t dims[8]; void *data; } tensor_t;
typedef struct { char name[64]; } port_t;

#define MAX_NAMES 64
static int layers = 1, vocab = 16, ntokens = 0, tokens[64], infer_count = 0;
static char fail_name[64], log_path[512], last_error[256];
static int fail_rc = 0;
static char input_names[MAX_NAMES][64], output_names[MAX_NAMES][64];
static int ninputs, noutputs;
/* Inputs bound by name; outputs of the last infer. */
static tensor_t bound[MAX_NAMES];
static char bound_names[MAX_NAMES][64];
static int nbound;
static tensor_t outputs[MAX_NAMES];
static float *output_data[MAX_NAMES];

static void logf_(const char *format, ...) {
    if (!log_path[0]) return;
    FILE *file = fopen(log_path, "a");
    if (!file) return;
    va_list args;
    va_start(args, format);
    vfprintf(file, format, args);
    va_end(args);
    fputc('\n', file);
    fclose(file);
}

static int failing(const char *name) {
    if (fail_rc && !strcmp(name, fail_name)) {
        snprintf(last_error, sizeof last_error, "stub: %s was told to fail", name);
        return fail_rc;
    }
    return 0;
}

static void load_script(void) {
    const char *path = getenv("OV_STUB_SCRIPT");
    FILE *file = path ? fopen(path, "r") : NULL;
    char line[512];
    layers = 1; vocab = 16; ntokens = 0; infer_count = 0; fail_rc = 0; fail_name[0] = log_path[0] = last_error[0] = 0;
    nbound = 0;
    if (file) {
        while (fgets(line, sizeof line, file)) {
            char *eq = strchr(line, '=');
            if (!eq) continue;
            *eq = 0;
            char *value = eq + 1;
            value[strcspn(value, "\r\n")] = 0;
            if (!strcmp(line, "layers")) layers = atoi(value);
            else if (!strcmp(line, "vocab")) vocab = atoi(value);
            else if (!strcmp(line, "log")) { strncpy(log_path, value, sizeof log_path - 1); }
            else if (!strcmp(line, "tokens")) {
                for (char *t = strtok(value, ","); t && ntokens < 64; t = strtok(NULL, ",")) tokens[ntokens++] = atoi(t);
            } else if (!strcmp(line, "fail")) {
                char *colon = strchr(value, ':');
                if (colon) { *colon = 0; strncpy(fail_name, value, sizeof fail_name - 1); fail_rc = atoi(colon + 1); }
            }
        }
        fclose(file);
    }
    ninputs = noutputs = 0;
    strcpy(input_names[ninputs++], "input_ids");
    strcpy(input_names[ninputs++], "attention_mask");
    strcpy(input_names[ninputs++], "position_ids");
    strcpy(output_names[noutputs++], "logits");
    for (int i = 0; i < layers && ninputs < MAX_NAMES - 1; i++) {
        snprintf(input_names[ninputs++], 64, "past_key_values.%d.key", i);
        snprintf(input_names[ninputs++], 64, "past_key_values.%d.value", i);
        snprintf(output_names[noutputs++], 64, "present.%d.key", i);
        snprintf(output_names[noutputs++], 64, "present.%d.value", i);
    }
}

static char *copy_string(const char *text) { char *copy = malloc(strlen(text) + 1); strcpy(copy, text); return copy; }

static const char *status_text(int status) {
    switch (status) {
    case -1: return "GENERAL_ERROR";
    case -4: return "PARAMETER_MISMATCH";
    case -5: return "NOT_FOUND";
    default: return "UNKNOWN_ERROR";
    }
}

const char *ov_get_error_info(int status) { return status_text(status); }
const char *ov_get_last_err_msg(void) { return last_error[0] ? copy_string(last_error) : NULL; }
void ov_free(const char *text) { free((void *)text); }

int ov_get_openvino_version(ov_version_t *version) {
    version->buildNumber = copy_string("2099.0.0-stub");
    version->description = copy_string("OpenVINO stub");
    return 0;
}
void ov_version_free(ov_version_t *version) { free((void *)version->buildNumber); free((void *)version->description); }

int ov_core_create(void **core) {
    load_script();
    logf_("ov_core_create");
    if (failing("ov_core_create")) return fail_rc;
    *core = malloc(1);
    return 0;
}
void ov_core_free(void *core) { logf_("ov_core_free"); free(core); }

int ov_core_read_model(const void *core, const char *path, const char *bin, void **model) {
    (void)core;
    logf_("ov_core_read_model %s bin=%s", path, bin ? bin : "NULL");
    if (failing("ov_core_read_model")) return fail_rc;
    FILE *file = fopen(path, "rb");
    if (!file) { snprintf(last_error, sizeof last_error, "stub: cannot open %s", path); return -5; }
    fclose(file);
    *model = malloc(1);
    return 0;
}
void ov_model_free(void *model) { logf_("ov_model_free"); free(model); }

int ov_model_inputs_size(const void *model, size_t *size) { (void)model; *size = (size_t)ninputs; return 0; }
int ov_model_outputs_size(const void *model, size_t *size) { (void)model; *size = (size_t)noutputs; return 0; }
static int port(const char *name, void **out) { port_t *p = malloc(sizeof *p); strcpy(p->name, name); *out = p; return 0; }
int ov_model_const_input_by_index(const void *model, size_t i, void **out) { (void)model; return i < (size_t)ninputs ? port(input_names[i], out) : -6; }
int ov_model_const_output_by_index(const void *model, size_t i, void **out) { (void)model; return i < (size_t)noutputs ? port(output_names[i], out) : -6; }
int ov_port_get_any_name(const void *p, char **name) { *name = copy_string(((const port_t *)p)->name); return 0; }
void ov_output_const_port_free(void *p) { free(p); }

int ov_core_compile_model(const void *core, const void *model, const char *device, size_t n, void **compiled, ...) {
    (void)core; (void)model;
    char properties[512] = "";
    va_list args;
    va_start(args, compiled);
    for (size_t i = 0; i + 1 < n; i += 2) {
        const char *key = va_arg(args, const char *), *value = va_arg(args, const char *);
        size_t used = strlen(properties);
        snprintf(properties + used, sizeof properties - used, " %s=%s", key, value);
    }
    va_end(args);
    logf_("ov_core_compile_model device=%s n=%zu%s", device, n, properties);
    if (failing("ov_core_compile_model")) return fail_rc;
    *compiled = malloc(1);
    return 0;
}
void ov_compiled_model_free(void *compiled) { logf_("ov_compiled_model_free"); free(compiled); }
int ov_compiled_model_create_infer_request(const void *compiled, void **request) { (void)compiled; *request = malloc(1); return 0; }
void ov_infer_request_free(void *request) { logf_("ov_infer_request_free"); free(request); }

static void shape_text(const tensor_t *t, char *out, size_t size) {
    size_t used = (size_t)snprintf(out, size, "[");
    for (int64_t i = 0; i < t->rank; i++) used += (size_t)snprintf(out + used, size - used, i ? ",%lld" : "%lld", (long long)t->dims[i]);
    snprintf(out + used, size - used, "]");
}

int ov_tensor_create_from_host_ptr(int type, ov_shape_t shape, void *data, void **out) {
    if (failing("ov_tensor_create_from_host_ptr")) return fail_rc;
    if (shape.rank < 0 || shape.rank > 8 || !data) return -14; /* INVALID_C_PARAM */
    tensor_t *t = calloc(1, sizeof *t);
    t->type = type; t->rank = shape.rank; t->data = data;
    for (int64_t i = 0; i < shape.rank; i++) t->dims[i] = shape.dims[i];
    *out = t;
    return 0;
}
void ov_tensor_free(void *t) { free(t); }
int ov_tensor_data(const void *t, void **data) { *data = ((const tensor_t *)t)->data; return 0; }
int ov_tensor_get_shape(const void *tensor, ov_shape_t *shape) {
    const tensor_t *t = tensor;
    shape->rank = t->rank;
    shape->dims = malloc(sizeof(int64_t) * (size_t)(t->rank ? t->rank : 1));
    for (int64_t i = 0; i < t->rank; i++) shape->dims[i] = t->dims[i];
    return 0;
}
int ov_shape_free(ov_shape_t *shape) { free(shape->dims); shape->dims = NULL; return 0; }

int ov_infer_request_set_tensor(void *request, const char *name, const void *tensor) {
    (void)request;
    char text[128];
    const tensor_t *t = tensor;
    shape_text(t, text, sizeof text);
    logf_("set_tensor %s type=%d shape=%s", name, t->type, text);
    if (failing("ov_infer_request_set_tensor")) return fail_rc;
    for (int i = 0; i < nbound; i++)
        if (!strcmp(bound_names[i], name)) { bound[i] = *t; return 0; }
    if (nbound == MAX_NAMES) return -6;
    strcpy(bound_names[nbound], name);
    bound[nbound++] = *t;
    return 0;
}

static const tensor_t *input(const char *name) {
    for (int i = 0; i < nbound; i++) if (!strcmp(bound_names[i], name)) return &bound[i];
    return NULL;
}

/* The value the stub writes into present cache element (layer, kind, head, position, d). */
static float cache_value(int layer, int kind, int64_t head, int64_t position, int64_t d) {
    return (float)(layer * 10000 + kind * 5000 + head * 1000 + position * 10 + d);
}

int ov_infer_request_infer(void *request) {
    (void)request;
    logf_("infer");
    if (failing("ov_infer_request_infer")) return fail_rc;
    const tensor_t *ids = input("input_ids"), *mask = input("attention_mask");
    if (!ids || !mask) { snprintf(last_error, sizeof last_error, "stub: input_ids and attention_mask must be set"); return -1; }
    int64_t count = ids->dims[1];
    char name[64];
    for (int layer = 0; layer < layers; layer++) {
        for (int kind = 0; kind < 2; kind++) {
            snprintf(name, sizeof name, "past_key_values.%d.%s", layer, kind ? "value" : "key");
            const tensor_t *past = input(name);
            if (!past || past->rank != 4) { snprintf(last_error, sizeof last_error, "stub: %s missing or not rank 4", name); return -4; }
            int64_t heads = past->dims[1], length = past->dims[2], dim = past->dims[3], total = length + count;
            if (mask->dims[1] != total) { snprintf(last_error, sizeof last_error, "stub: attention_mask has %lld columns, expected %lld", (long long)mask->dims[1], (long long)total); return -4; }
            const float *p = past->data;
            for (int64_t h = 0; h < heads; h++)
                for (int64_t s = 0; s < length; s++)
                    for (int64_t d = 0; d < dim; d++)
                        if (p[(h * length + s) * dim + d] != cache_value(layer, kind, h, s, d)) {
                            snprintf(last_error, sizeof last_error, "stub: %s differs from the present it came from at head %lld position %lld", name, (long long)h, (long long)s);
                            return -4;
                        }
            int slot = 1 + 2 * layer + kind;
            free(output_data[slot]);
            output_data[slot] = malloc(sizeof(float) * (size_t)(heads * total * dim));
            for (int64_t h = 0; h < heads; h++)
                for (int64_t s = 0; s < total; s++)
                    for (int64_t d = 0; d < dim; d++)
                        output_data[slot][(h * total + s) * dim + d] = cache_value(layer, kind, h, s, d);
            outputs[slot] = (tensor_t){ .type = 5, .rank = 4, .dims = { 1, heads, total, dim }, .data = output_data[slot] };
        }
    }
    free(output_data[0]);
    output_data[0] = calloc((size_t)(count * vocab), sizeof(float));
    int token = ntokens ? tokens[infer_count < ntokens ? infer_count : ntokens - 1] : 0;
    output_data[0][(count - 1) * vocab + (token % vocab)] = 1.0f;
    outputs[0] = (tensor_t){ .type = 5, .rank = 3, .dims = { 1, count, vocab }, .data = output_data[0] };
    infer_count++;
    return 0;
}

int ov_infer_request_get_tensor(const void *request, const char *name, void **out) {
    (void)request;
    for (int i = 0; i < noutputs; i++) {
        if (strcmp(output_names[i], name)) continue;
        if (!outputs[i].data) return -10; /* NOT_ALLOCATED: no infer yet */
        tensor_t *t = malloc(sizeof *t);
        *t = outputs[i];
        *out = t;
        return 0;
    }
    snprintf(last_error, sizeof last_error, "stub: no output named %s", name);
    return -5;
}
