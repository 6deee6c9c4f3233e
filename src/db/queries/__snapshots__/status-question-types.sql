select "type" || ' / ' || "protocol", count(*) from "questions" group by 1 order by 1 asc;
-- params: []
