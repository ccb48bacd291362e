/* client/admin/main.c - placeholder until the console lands. */
int main(void)
{
    return 1;
}
