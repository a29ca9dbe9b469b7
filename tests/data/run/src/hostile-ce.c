/* Fails to compile with escapes in the diagnostic: CE, shown escaped. */
#error "]0;pwned [2J"
int main(void)
{
	return 0;
}
