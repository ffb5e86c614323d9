-- What credit is worth. A workspace prices its credit in one currency (ISO 4217, default USD); each grant carries the
-- unit price of one of its credits (its cost basis, default 0), and the plan carries the price its cycle grants are
-- made at. Prices have six fractional digits (a credit may cost $0.000125); amounts keep numeric(20,4).
-- status and auto_top_up describe a grant's lifecycle (pending until paid, voided, made by an auto top-up rule);
-- every grant so far is active and was made by hand.
ALTER TABLE workspaces
    ADD COLUMN price_currency text NOT NULL DEFAULT 'USD' CHECK (price_currency ~ '^[A-Z]{3}$'),
    ADD COLUMN plan_unit_price_actions numeric(20,6) NOT NULL DEFAULT 0 CHECK (plan_unit_price_actions BETWEEN 0 AND 1000000),
    ADD COLUMN plan_unit_price_data_credits numeric(20,6) NOT NULL DEFAULT 0 CHECK (plan_unit_price_data_credits BETWEEN 0 AND 1000000);

ALTER TABLE grants
    ADD COLUMN unit_price numeric(20,6) NOT NULL DEFAULT 0 CHECK (unit_price BETWEEN 0 AND 1000000),
    ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'voided')),
    ADD COLUMN auto_top_up boolean NOT NULL DEFAULT false;
