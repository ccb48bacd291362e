-- 0019_vendors: the organisation's vendors and the contracts programs hold
-- with them (vendor.proto, record kinds of the record core), what is
-- spent against a contract, and the vendor a risk or an issue concerns.
--
-- Enum columns hold the values of vendor.proto. Work item references are
-- item numbers of the contract's program (numbers are never reused).

-- A vendor belongs to the organisation: every program may contract it.
CREATE TABLE vendors (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    contacts   text[] NOT NULL DEFAULT '{}',
    notes      text NOT NULL DEFAULT '',
    owner_id   bigint REFERENCES users (id),
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX vendors_name ON vendors (lower(name));

-- A contract of a program with a vendor. Its value is minor units of the
-- program's currency. A vendor with contracts is not deleted.
CREATE TABLE contracts (
    id                  bigserial PRIMARY KEY,
    program_id          bigint NOT NULL REFERENCES programs (id)
                        ON DELETE CASCADE,
    vendor_id           bigint NOT NULL REFERENCES vendors (id),
    title               text NOT NULL,
    value_minor         bigint NOT NULL CHECK (value_minor >= 0),
    start_on            date NOT NULL,
    end_on              date NOT NULL,
    service_levels      text NOT NULL DEFAULT '',
    milestone_numbers   bigint[] NOT NULL DEFAULT '{}',
    deliverable_numbers bigint[] NOT NULL DEFAULT '{}',
    status              smallint NOT NULL DEFAULT 1
                        CHECK (status BETWEEN 1 AND 3),
    version             bigint NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (start_on <= end_on)
);
CREATE INDEX contracts_by_program ON contracts (program_id, id);
CREATE INDEX contracts_by_vendor ON contracts (vendor_id);

-- Spend against a contract. Money spent stays spent: a contract deleted
-- leaves its expenses on the program.
ALTER TABLE expenses ADD COLUMN contract_id bigint
    REFERENCES contracts (id) ON DELETE SET NULL;
CREATE INDEX expenses_by_contract ON expenses (contract_id)
    WHERE contract_id IS NOT NULL;

-- The vendor a risk or an issue concerns, if any.
ALTER TABLE risks ADD COLUMN vendor_id bigint
    REFERENCES vendors (id) ON DELETE SET NULL;
ALTER TABLE issues ADD COLUMN vendor_id bigint
    REFERENCES vendors (id) ON DELETE SET NULL;
