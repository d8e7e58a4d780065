//! Country and region of a client IP from a MaxMind-format database (GeoIP2/GeoLite2 City or
//! Country, or the flat layout of ip-location-db builds). The IP itself is never kept; nothing
//! finer than a region comes out. Without a database, or for an address it does not know, the
//! answer is "unknown", not an error.

use serde::Deserialize;
use std::net::IpAddr;
use std::path::Path;

pub const UNKNOWN: &str = "unknown";

#[derive(Deserialize)]
struct IsoCode<'a> {
    #[serde(borrow)]
    iso_code: Option<&'a str>,
}

/// Both layouts in one record: GeoIP2 nests ISO codes, ip-location-db stores them flat.
#[derive(Deserialize)]
struct Record<'a> {
    #[serde(borrow)]
    country: Option<IsoCode<'a>>,
    #[serde(borrow)]
    subdivisions: Option<Vec<IsoCode<'a>>>,
    country_code: Option<&'a str>,
    state1: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub country: String,
    pub region: String,
}

impl Place {
    pub fn unknown() -> Place {
        Place { country: UNKNOWN.into(), region: UNKNOWN.into() }
    }
}

pub struct Geo {
    reader: Option<maxminddb::Reader<Vec<u8>>>,
}

impl Geo {
    pub fn none() -> Geo {
        Geo { reader: None }
    }

    pub fn open(path: &Path) -> Result<Geo, maxminddb::MaxMindDbError> {
        Ok(Geo { reader: Some(maxminddb::Reader::open_readfile(path)?) })
    }

    /// A database held in memory (the embedded test database of `scrubline run`).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Geo, maxminddb::MaxMindDbError> {
        Ok(Geo { reader: Some(maxminddb::Reader::from_source(bytes)?) })
    }

    pub fn locate(&self, ip: &str) -> Place {
        ip.trim().parse::<IpAddr>().map_or_else(|_| Place::unknown(), |addr| self.locate_addr(addr))
    }

    pub fn locate_addr(&self, addr: IpAddr) -> Place {
        let Some(reader) = &self.reader else { return Place::unknown() };
        let Ok(found) = reader.lookup(addr) else { return Place::unknown() };
        let Ok(Some(r)) = found.decode::<Record<'_>>() else { return Place::unknown() };
        let code = |c: Option<&str>| {
            c.filter(|c| c.len() <= 8 && c.bytes().all(|b| b.is_ascii_alphanumeric())).map(str::to_string)
        };
        let country = code(r.country.and_then(|c| c.iso_code)).or_else(|| code(r.country_code));
        let region = code(r.subdivisions.and_then(|s| s.into_iter().next()).and_then(|s| s.iso_code)).or_else(|| {
            // The flat layout names the region in full; keep it only if it is short and plain.
            r.state1
                .filter(|s| s.len() <= 48 && s.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-'))
                .map(str::to_string)
        });
        Place { country: country.unwrap_or_else(|| UNKNOWN.into()), region: region.unwrap_or_else(|| UNKNOWN.into()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Geo {
        Geo::open(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/geoip/GeoIP2-City-Test.mmdb"))).unwrap()
    }

    #[test]
    fn known_addresses_get_country_and_region_only() {
        let g = db();
        assert_eq!(g.locate("81.2.69.142"), Place { country: "GB".into(), region: "ENG".into() });
        assert_eq!(g.locate("89.160.20.128").country, "SE");
        assert_eq!(g.locate("216.160.83.56"), Place { country: "US".into(), region: "WA".into() });
    }

    #[test]
    fn unknown_addresses_or_no_database_are_unknown_not_errors() {
        assert_eq!(db().locate("10.0.0.1"), Place::unknown());
        assert_eq!(db().locate("not an ip"), Place::unknown());
        assert_eq!(Geo::none().locate("81.2.69.142"), Place::unknown());
    }
}
