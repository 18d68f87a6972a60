-- Places: how many people live in each LSOA, when the IMD file gives it (the optional population
-- column of `commonweal import geo --imd`). Nullable: most IMD files carry no population.
ALTER TABLE lsoas ADD COLUMN population BIGINT;
