// Entry point shared by every module's Boost.Test binary.
#define BOOST_TEST_MODULE scimcheck
#include <boost/test/unit_test.hpp>
