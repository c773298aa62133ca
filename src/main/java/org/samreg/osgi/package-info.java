/**
 * The OSGi surface of SAMReg: a registration service configured through Configuration Admin, and Gogo commands in
 * scope {@code samreg}. Nothing here needs Weasis; the Weasis toolbar lives in src/weasis (profile {@code weasis}).
 */
package org.samreg.osgi;
