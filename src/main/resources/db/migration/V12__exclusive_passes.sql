-- Which instance holds each scheduled pass (the judge, the rules, the drills; platform/instance/ExclusivePasses).
-- A pass runs in a transaction holding an advisory lock, so two passes never overlap; this row makes consecutive
-- passes stay on one instance: another instance takes the pass over only once the holder's last pass ended longer
-- ago than the lease (one and a half intervals), i.e. when the holder died, hangs or lost its database connection.
create table exclusive_pass (
    pass_lock bigint      primary key,
    instance  text        not null,
    -- the start of the holder's last pass while it runs, its end once it committed
    ran_at    timestamptz not null
);
