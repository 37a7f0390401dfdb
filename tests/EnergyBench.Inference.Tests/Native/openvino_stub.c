/* A stand-in for libopenvino_c.so that the tests compile with the machine's C compiler, so the suite's own OpenVINO
   binding is exercised for real (symbol lookup, the variadic compile call, shapes passed by value, ownership) without
   OpenVINO. ov_core_create reads a script of key=value lines from the file named by OV_STUB_SCRIPT:
     layers=N         decoder layers the model claims (inputs/outputs named as an Optimum export)
     vocab=N          logits width
     cache=FORMAT     standard (past_key_values.i.key/.value, rank 4), fused (.key_value: rank 3 when kv_heads=1,
                      else 4) or bloom (rank 3: key [b*h, hd, len], value [b*h, len, hd]); default standard
     kv_heads=N       declare the KV heads axis as N in the inputs' shapes (otherwise it is dynamic)
     head_dim=N       declare the head dim axis as N (otherwise dynamic)
     position_ids=0   leave the position_ids input out
     cache_branch=1   add a merged decoder's use_cache_branch input (bool [1])
     tokens=5,7,9     the argmax of the last position's logits, one per infer (the last one repeats)
     fail=NAME:RC     make the entry point NAME return status RC (with a last-error message)
     log=PATH         append one line per call worth checking
   Infer checks what it is given: the past against the presents it produced last time, the attention mask's length,
   position_ids (past .. past + new - 1) and use_cache_branch (true exactly when there is a past), so a binding that
   feeds any of them wrongly fails with PARAMETER_MISMATCH. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int64_t rank; int64_t *dims; } ov_shape_t;
typedef struct { const char *buildNumber; const char *description; } ov_version_t;
typedef struct { int type; int64_t rank; int64_t dims[8]; void *data; } tensor_t;
typedef struct { char name[64]; } port_t;
typedef struct { int64_t min, max; } ov_dimension_t;
typedef struct { ov_dimension_t rank; ov_dimension_t *dims; } ov_partial_shape_t;
/* One cache tensor: its past input and present output, rank, the axis that grows, and the model's declared dims (-1 dynamic). */
typedef struct { char past[64], present[64]; int layer, kind, rank, length_axis; int64_t dims[8]; } cache_t;

#define MAX_NAMES 64
static int layers = 1, vocab = 16, ntokens = 0, tokens[64], infer_count = 0;
static int kv_heads = -1, head_dim = -1, has_position_ids = 1, has_cache_branch = 0;
static char cache_format[16], fail_name[64], log_path[512], last_error[256];
static int fail_rc = 0;
static char input_names[MAX_NAMES][64], output_names[MAX_NAMES][64];
static int input_rank[MAX_NAMES];
static int64_t input_dims[MAX_NAMES][8];
static int ninputs, noutputs;
static cache_t caches[MAX_NAMES];
static int ncaches;
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

static void add_input(const char *name, int rank, const int64_t *dims) {
    if (ninputs == MAX_NAMES) return;
    strcpy(input_names[ninputs], name);
    input_rank[ninputs] = rank;
    for (int i = 0; i < rank; i++) input_dims[ninputs][i] = dims ? dims[i] : -1;
    ninputs++;
}

static void add_cache(int layer, int kind, const char *suffix, int rank, int length_axis, int64_t d0, int64_t d1, int64_t d2, int64_t d3) {
    if (ncaches == MAX_NAMES - 1) return;
    cache_t *c = &caches[ncaches++];
    snprintf(c->past, sizeof c->past, "past_key_values.%d.%s", layer, suffix);
    snprintf(c->present, sizeof c->present, "present.%d.%s", layer, suffix);
    c->layer = layer; c->kind = kind; c->rank = rank; c->length_axis = length_axis;
    c->dims[0] = d0; c->dims[1] = d1; c->dims[2] = d2; c->dims[3] = d3;
}

static void load_script(void) {
    const char *path = getenv("OV_STUB_SCRIPT");
    FILE *file = path ? fopen(path, "r") : NULL;
    char line[512];
    layers = 1; vocab = 16; ntokens = 0; infer_count = 0; fail_rc = 0; fail_name[0] = log_path[0] = last_error[0] = 0;
    kv_heads = head_dim = -1; has_position_ids = 1; has_cache_branch = 0; strcpy(cache_format, "standard");
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
            else if (!strcmp(line, "cache")) { strncpy(cache_format, value, sizeof cache_format - 1); }
            else if (!strcmp(line, "kv_heads")) kv_heads = atoi(value);
            else if (!strcmp(line, "head_dim")) head_dim = atoi(value);
            else if (!strcmp(line, "position_ids")) has_position_ids = atoi(value);
            else if (!strcmp(line, "cache_branch")) has_cache_branch = atoi(value);
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
    int64_t fused_dim = head_dim < 0 ? -1 : 2 * head_dim;
    ncaches = 0;
    for (int i = 0; i < layers; i++) {
        if (!strcmp(cache_format, "fused")) {
            if (kv_heads == 1) add_cache(i, 0, "key_value", 3, 1, -1, -1, fused_dim, 0);
            else add_cache(i, 0, "key_value", 4, 2, -1, kv_heads, -1, fused_dim);
        } else if (!strcmp(cache_format, "bloom")) {
            add_cache(i, 0, "key", 3, 2, -1, head_dim, -1, 0);
            add_cache(i, 1, "value", 3, 1, -1, -1, head_dim, 0);
        } else {
            add_cache(i, 0, "key", 4, 2, -1, kv_heads, -1, head_dim);
            add_cache(i, 1, "value", 4, 2, -1, kv_heads, -1, head_dim);
        }
    }
    ninputs = noutputs = 0;
    add_input("input_ids", 2, NULL);
    add_input("attention_mask", 2, NULL);
    if (has_position_ids) add_input("position_ids", 2, NULL);
    strcpy(output_names[noutputs++], "logits");
    for (int i = 0; i < ncaches; i++) {
        add_input(caches[i].past, caches[i].rank, caches[i].dims);
        strcpy(output_names[noutputs++], caches[i].present);
    }
    if (has_cache_branch) { int64_t one = 1; add_input("use_cache_branch", 1, &one); }
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
int ov_port_get_partial_shape(const void *p, ov_partial_shape_t *shape) {
    for (int i = 0; i < ninputs; i++) {
        if (strcmp(input_names[i], ((const port_t *)p)->name)) continue;
        shape->rank.min = shape->rank.max = input_rank[i];
        shape->dims = malloc(sizeof(ov_dimension_t) * (size_t)(input_rank[i] ? input_rank[i] : 1));
        for (int d = 0; d < input_rank[i]; d++) {
            int64_t size = input_dims[i][d];
            shape->dims[d].min = size < 0 ? 0 : size; /* OpenVINO's dynamic dimension is [0, -1] */
            shape->dims[d].max = size;
        }
        return 0;
    }
    snprintf(last_error, sizeof last_error, "stub: no input port named %s", ((const port_t *)p)->name);
    return -5;
}
void ov_partial_shape_free(ov_partial_shape_t *shape) { free(shape->dims); shape->dims = NULL; }
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

/* The value the stub writes into a present's element at `position` whose other axes flatten to `other`. */
static float cache_value(const cache_t *c, int64_t other, int64_t position) {
    return (float)(c->layer * 100000 + c->kind * 50000 + other * 100 + position);
}

static int mismatch(const char *format, const char *name, long long a, long long b) {
    snprintf(last_error, sizeof last_error, format, name, a, b);
    return -4;
}

/* Walks every element of a tensor with `dims`, calling visit(flat index, other axes' flat index, position). */
static int walk(const cache_t *c, const int64_t *dims, int (*visit)(const cache_t *, float *, int64_t, int64_t, int64_t), float *data) {
    int64_t count = 1, index[8] = {0};
    for (int i = 0; i < c->rank; i++) count *= dims[i];
    for (int64_t flat = 0; flat < count; flat++) {
        int64_t rest = flat, other = 0;
        for (int i = c->rank - 1; i >= 0; i--) { index[i] = rest % dims[i]; rest /= dims[i]; }
        for (int i = 0; i < c->rank; i++) if (i != c->length_axis) other = other * dims[i] + index[i];
        int rc = visit(c, data, flat, other, index[c->length_axis]);
        if (rc) return rc;
    }
    return 0;
}

static int check_past(const cache_t *c, float *data, int64_t flat, int64_t other, int64_t position) {
    if (data[flat] == cache_value(c, other, position)) return 0;
    return mismatch("stub: %s differs from the present it came from (element %lld, position %lld)", c->past, (long long)flat, (long long)position);
}

static int write_present(const cache_t *c, float *data, int64_t flat, int64_t other, int64_t position) {
    data[flat] = cache_value(c, other, position);
    return 0;
}

int ov_infer_request_infer(void *request) {
    (void)request;
    logf_("infer");
    if (failing("ov_infer_request_infer")) return fail_rc;
    const tensor_t *ids = input("input_ids"), *mask = input("attention_mask");
    if (!ids || !mask) { snprintf(last_error, sizeof last_error, "stub: input_ids and attention_mask must be set"); return -1; }
    int64_t count = ids->dims[1], length = -1;
    for (int i = 0; i < ncaches; i++) {
        const cache_t *c = &caches[i];
        const tensor_t *past = input(c->past);
        if (!past || past->rank != c->rank || past->type != 5)
            return mismatch("stub: %s missing, or not float of rank %lld (rank %lld)", c->past, c->rank, past ? past->rank : -1);
        if (length < 0) length = past->dims[c->length_axis];
        if (past->dims[c->length_axis] != length) return mismatch("stub: %s has length %lld, the first past %lld", c->past, past->dims[c->length_axis], length);
        int rc = walk(c, past->dims, check_past, past->data);
        if (rc) return rc;
        int64_t dims[8];
        memcpy(dims, past->dims, sizeof dims);
        dims[c->length_axis] += count;
        int slot = 1 + i;
        int64_t elements = 1;
        for (int d = 0; d < c->rank; d++) elements *= dims[d];
        free(output_data[slot]);
        output_data[slot] = malloc(sizeof(float) * (size_t)(elements ? elements : 1));
        outputs[slot] = (tensor_t){ .type = 5, .rank = c->rank, .data = output_data[slot] };
        memcpy(outputs[slot].dims, dims, sizeof dims);
        walk(c, dims, write_present, output_data[slot]);
    }
    if (mask->dims[1] != length + count) return mismatch("stub: %s has %lld columns, expected %lld", "attention_mask", mask->dims[1], length + count);
    if (has_position_ids) {
        const tensor_t *positions = input("position_ids");
        if (!positions || positions->type != 11 || positions->rank != 2 || positions->dims[1] != count)
            return mismatch("stub: %s missing or not int64 [1,%lld] (rank %lld)", "position_ids", count, positions ? positions->rank : -1);
        for (int64_t i = 0; i < count; i++)
            if (((const int64_t *)positions->data)[i] != length + i) return mismatch("stub: %s is %lld, expected %lld", "position_ids", ((const int64_t *)positions->data)[i], length + i);
    }
    if (has_cache_branch) {
        const tensor_t *branch = input("use_cache_branch");
        if (!branch || branch->type != 2 || branch->rank != 1 || branch->dims[0] != 1)
            return mismatch("stub: %s missing or not bool [1] (type %lld, rank %lld)", "use_cache_branch", branch ? branch->type : -1, branch ? branch->rank : -1);
        if (*(const unsigned char *)branch->data != (length > 0)) return mismatch("stub: %s is %lld with a past of %lld", "use_cache_branch", *(const unsigned char *)branch->data, length);
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
