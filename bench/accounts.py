"""The accounts load data creates for the benchmark and fault scripts (no Django import, so scripts
can read them before settings are configured)."""

# Password of the generated users (only in benchmark databases; the load generators log in with it).
BENCH_PASSWORD = "bench-load-data"  # nosec B105
# Role group name → username of the account the benchmark logs in as (all on the first partnership).
BENCH_USERNAMES = {
    "iop-samordnare": "bench-samordnare",
    "arbetsmarknadssekreterare": "bench-ams",
    "handledare": "bench-handledare",
    "styrgrupp": "bench-styrgrupp",
    "ekonomi": "bench-ekonomi",
    "attestant": "bench-attestant",
    "processledare": "bench-processledare",
    "teammedlem": "bench-teammedlem",
}
