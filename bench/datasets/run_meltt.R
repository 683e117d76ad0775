#!/usr/bin/env Rscript
# Run MELTT (kdonnay/meltt @ f88c735, leaflet import removed, see README) on the real
# ACLED v5 + UCDP GED 2.0 records for one country (default Nigeria 1997-2014).
# Usage: Rscript run_meltt.R [country=nigeria] [twindow=1] [spatwindow=5] [out=meltt_pairs_1d5km.csv] [use_enddate=0] [taxonomy=flat|levels]
.libPaths(c("/work/data15/Rlib", .libPaths()))
suppressPackageStartupMessages(library(meltt))
args <- commandArgs(trailingOnly = TRUE)
country    <- if (length(args) >= 1) args[1] else "nigeria"
tw         <- if (length(args) >= 2) as.numeric(args[2]) else 1
sw         <- if (length(args) >= 3) as.numeric(args[3]) else 5
out        <- if (length(args) >= 4) args[4] else "meltt_pairs_1d5km.csv"
use_end    <- if (length(args) >= 5) as.integer(args[5]) else 0L
levels     <- length(args) >= 6 && args[6] == "levels"

a <- read.csv(sprintf("/work/data15/%s_acled_v5_1997_2014.csv", country), stringsAsFactors = FALSE)
g <- read.csv(sprintf("/work/data15/%s_ged20_1997_2014.csv", country), stringsAsFactors = FALSE)

# meltt input frames: date, latitude, longitude (+ optional enddate) + one column per taxonomy.
acled <- data.frame(date = as.Date(a$EVENT_DATE), latitude = a$LATITUDE, longitude = a$LONGITUDE,
                    event_tax = a$EVENT_TYPE, src_id = a$EVENT_ID_CNTY, stringsAsFactors = FALSE)
ged   <- data.frame(date = as.Date(g$date_start), latitude = g$latitude, longitude = g$longitude,
                    event_tax = as.character(g$type_of_violence), src_id = as.character(g$id),
                    stringsAsFactors = FALSE)
if (use_end == 1L) { acled$enddate <- acled$date; ged$enddate <- as.Date(g$date_end) }

# Taxonomy: meltt ships only crash_taxonomies (toy crash data), none for ACLED/GED.
# We use a single-level taxonomy mapping every ACLED EVENT_TYPE and every GED type_of_violence
# to one category "violent_event", i.e. matching is driven by the spatio-temporal windows only.
tax <- rbind(
  data.frame(data.source = "acled", base.categories = sort(unique(acled$event_tax)), stringsAsFactors = FALSE),
  data.frame(data.source = "ged",   base.categories = sort(unique(ged$event_tax)),   stringsAsFactors = FALSE))
if (levels) {
  # the two coarser levels of reconcile's built-in taxonomy, most granular first (as meltt wants)
  lvl1 <- c("Violence against civilians" = "one_sided", "Battle-No change of territory" = "armed_conflict",
            "Battle-Government regains territory" = "armed_conflict", "Battle-Non-state actor overtakes territory" = "armed_conflict",
            "Remote violence" = "violence_other", "Riots/Protests" = "demonstrations",
            "Non-violent activity by a conflict actor" = "non_violent", "Non-violent transfer of territory" = "non_violent",
            "Headquarters or base established" = "non_violent", "1" = "armed_conflict", "2" = "armed_conflict", "3" = "one_sided")
  lvl2 <- c(one_sided = "violence", armed_conflict = "violence", violence_other = "violence", demonstrations = "demonstrations", non_violent = "non_violent")
  tax$event_level1 <- unname(lvl1[tax$base.categories])
  tax$event_level2 <- unname(lvl2[tax$event_level1])
} else {
  tax$event_level1 <- "violent_event"
}
taxonomies <- list(event_tax = tax)

t0 <- proc.time()
res <- meltt(acled, ged, taxonomies = taxonomies, twindow = tw, spatwindow = sw, silent = TRUE)
el <- (proc.time() - t0)[["elapsed"]]

# Matched pairs: event_matched has columns data1,event1,data2,event2,... (dataset index, obs.count)
em <- res$processed$event_matched
pm <- if (!is.null(res$processed$episode_matched)) res$processed$episode_matched else NULL
inp <- res$inputData; nm <- res$inputDataNames
lookup <- function(d, e) { x <- inp[[d]]; x$src_id[match(e, x$obs.count)] }
mk <- function(m, type) {
  if (is.null(m) || nrow(m) == 0) return(NULL)
  rows <- list()
  dcols <- grep("^data", colnames(m)); ecols <- grep("^event", colnames(m))
  for (i in seq_len(nrow(m))) {
    ds <- as.numeric(m[i, dcols]); ev <- as.numeric(m[i, ecols])
    keep <- which(ds > 0 & ev > 0)
    if (length(keep) < 2) next
    base <- keep[1]
    for (j in keep[-1]) rows[[length(rows) + 1]] <- data.frame(
      dataset_a = nm[ds[base]], id_a = lookup(ds[base], ev[base]),
      dataset_b = nm[ds[j]],    id_b = lookup(ds[j], ev[j]), match_type = type,
      stringsAsFactors = FALSE)
  }
  if (length(rows)) do.call(rbind, rows) else NULL
}
pairs <- rbind(mk(em, "event_to_event"), mk(pm, "episode_to_episode"))
if (is.null(pairs)) pairs <- data.frame(dataset_a=character(), id_a=character(), dataset_b=character(), id_b=character(), match_type=character())
write.csv(pairs, file.path("/work/data15", out), row.names = FALSE)
cat(sprintf("country=%s twindow=%g spatwindow=%g use_enddate=%d acled=%d ged=%d pairs=%d elapsed_s=%.2f out=%s\n",
            country, tw, sw, use_end, nrow(acled), nrow(ged), nrow(pairs), el, out))
cat(sprintf("%s,%g,%g,%d,%d,%d,%d,%.2f,%s\n", country, tw, sw, use_end, nrow(acled), nrow(ged), nrow(pairs), el, out),
    file = if (levels) "/work/data15/meltt_runs_tax.csv" else "/work/data15/meltt_runs.csv", append = TRUE)
